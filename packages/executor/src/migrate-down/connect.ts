// Connecting to the database within a time limit, and stoppable by the first Ctrl-C: a server that
// accepts TCP and never answers must not keep the run (and the rollback lock) waiting.
import type pg from "pg";

/** Why the connection did not come up: the time limit, or an interruption. */
export class ConnectStopped extends Error {
  override name = "ConnectStopped";
  constructor(readonly interrupted: boolean, message: string) {
    super(message);
  }
}

/** Connects `client`; rejects with ConnectStopped on the time limit (0: none) or the signal. */
export async function connectWithin(client: pg.Client, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new ConnectStopped(true, "interrupted before connecting");
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    if (timeoutMs > 0) timer = setTimeout(() => reject(new ConnectStopped(false, `no answer within ${timeoutMs / 1000} s (connect_timeout in the URL sets the limit)`)), timeoutMs);
    onAbort = () => reject(new ConnectStopped(true, "interrupted while connecting"));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  const connecting = client.connect();
  try {
    await Promise.race([connecting, stopped]);
  } catch (error) {
    // Closing the socket ends the attempt: a late answer finds no one, and nothing keeps the process alive.
    connecting.catch(() => undefined);
    client.connection.stream.destroy();
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}
