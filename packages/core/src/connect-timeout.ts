// How long a database connection may take to be ready. A server that accepts TCP and never answers
// (a stuck pgbouncer, a black-holed proxy) would otherwise hang the command, with the rollback lock
// held. libpq's own `connect_timeout` (seconds) in the URL is honoured: 0 waits for ever, as in libpq.

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The connect time limit for `url`, in ms (0: none). */
export function connectTimeoutMs(url: string): number {
  let value: string | null;
  try {
    value = new URL(url).searchParams.get("connect_timeout");
  } catch {
    return DEFAULT_CONNECT_TIMEOUT_MS;
  }
  if (value === null || !/^\s*-?\d+\s*$/.test(value)) return DEFAULT_CONNECT_TIMEOUT_MS;
  const seconds = Number(value);
  if (seconds <= 0) return 0;
  // libpq too treats anything under 2 s as 2 s.
  return Math.max(seconds, 2) * 1000;
}
