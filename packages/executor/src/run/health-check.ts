// One HTTP health check: GET the URL until it answers the expected status, with a time limit per
// request, a number of retries and a pause between attempts (Node's fetch; redirects are not followed,
// so a 302 to a login page is not mistaken for a healthy 200).
import { sleep } from "./sleep.js";

export interface HealthcheckSpec {
  url: string;
  expectedStatus: number;
  timeoutMs: number;
  retries: number;
  intervalMs: number;
}

export interface HealthcheckResult {
  ok: boolean;
  attempts: number;
  /** The last status received, when there was an answer. */
  lastStatus?: number;
  /** The last network error or time-out, when there was no answer. */
  lastError?: string;
  interrupted: boolean;
  durationMs: number;
}

export interface Attempt {
  attempt: number;
  of: number;
  status?: number;
  error?: string;
  ok: boolean;
}

export async function runHealthcheck(spec: HealthcheckSpec, options: { signal?: AbortSignal; onAttempt?: (a: Attempt) => void } = {}): Promise<HealthcheckResult> {
  const started = performance.now();
  const of = spec.retries + 1;
  let lastStatus: number | undefined;
  let lastError: string | undefined;
  let made = 0;
  for (let attempt = 1; attempt <= of; attempt++) {
    if (options.signal?.aborted) break;
    made = attempt;
    const answer = await probe(spec, options.signal);
    lastStatus = answer.status;
    lastError = answer.error;
    const ok = answer.status === spec.expectedStatus;
    options.onAttempt?.({ attempt, of, ok, ...answer });
    if (ok) return { ok: true, attempts: attempt, lastStatus: answer.status, interrupted: false, durationMs: performance.now() - started };
    if (attempt < of && !(await sleep(spec.intervalMs, options.signal))) break;
  }
  const result: HealthcheckResult = { ok: false, attempts: made, interrupted: options.signal?.aborted ?? false, durationMs: performance.now() - started };
  if (lastStatus !== undefined) result.lastStatus = lastStatus;
  if (lastError !== undefined) result.lastError = lastError;
  return result;
}

async function probe(spec: HealthcheckSpec, signal: AbortSignal | undefined): Promise<{ status?: number; error?: string }> {
  const timeout = AbortSignal.timeout(spec.timeoutMs);
  try {
    const response = await fetch(spec.url, { method: "GET", redirect: "manual", signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: { "user-agent": "rollsafe-rollback" } });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    if (timeout.aborted) return { error: `no answer within ${spec.timeoutMs / 1000} s` };
    if (signal?.aborted) return { error: "interrupted" };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}
