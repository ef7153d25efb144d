// The error-rate step: a command printing one number is read every interval until `consecutive`
// readings in a row are at or below the baseline ("back to normal"), for at most the window. One good
// reading can be luck (a quiet minute); several in a row say the rollback worked. A reading that is not a number, or
// a command that fails, ends the step at once: the watch itself is broken.
import { describeResult, runCommand, type CommandResult } from "./run-command.js";
import { sleep } from "./sleep.js";

export interface ErrorRateSpec {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  baseline: number;
  windowMs: number;
  intervalMs: number;
  timeoutMs: number;
  /** How many readings in a row must be at or below the baseline (at least 1). */
  consecutive: number;
}

export interface ErrorRateResult {
  ok: boolean;
  readings: number[];
  interrupted: boolean;
  /** Why it failed. */
  detail?: string;
  /** The last reading command's result (exit code in the record). */
  last?: CommandResult;
}

export async function watchErrorRate(spec: ErrorRateSpec, options: { signal?: AbortSignal; onReading?: (value: number, n: number) => void; onLine?: (line: string) => void } = {}): Promise<ErrorRateResult> {
  const deadline = performance.now() + spec.windowMs;
  const readings: number[] = [];
  let inARow = 0;
  for (;;) {
    const last = await runCommand(spec.argv, { cwd: spec.cwd, env: spec.env, timeoutMs: spec.timeoutMs, capture: true, ...(options.signal ? { signal: options.signal } : {}), onLine: (line, stream) => stream === "stderr" && options.onLine?.(line) });
    if (last.interrupted) return { ok: false, readings, interrupted: true, last };
    if (last.exitCode !== 0) return { ok: false, readings, interrupted: false, last, detail: `the reading command failed (${describeResult(last, spec.timeoutMs)})` };
    const text = (last.stdout ?? "").trim();
    const value = Number(text);
    if (text === "" || !Number.isFinite(value)) return { ok: false, readings, interrupted: false, last, detail: `the reading command printed ${JSON.stringify(text.slice(0, 40))}, not a number` };
    readings.push(value);
    options.onReading?.(value, readings.length);
    inARow = value <= spec.baseline ? inARow + 1 : 0;
    if (inARow >= spec.consecutive) return { ok: true, readings, interrupted: false, last };
    if (performance.now() + spec.intervalMs > deadline) return { ok: false, readings, interrupted: false, last, detail: notBackDetail(spec, value, inARow) };
    if (!(await sleep(spec.intervalMs, options.signal))) return { ok: false, readings, interrupted: true, last };
  }
}

function notBackDetail(spec: ErrorRateSpec, value: number, inARow: number): string {
  const window = Math.round(spec.windowMs / 1000);
  if (value > spec.baseline) return `still above the baseline ${spec.baseline} after ${window} s (last reading ${value})`;
  return `${inARow} reading(s) in a row at or below the baseline ${spec.baseline} after ${window} s, ${spec.consecutive} required (last reading ${value})`;
}
