// The error-rate step: a command printing one number is read every interval until a reading is at or
// below the baseline ("back to normal"), for at most the window. A reading that is not a number, or
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
  for (;;) {
    const last = await runCommand(spec.argv, { cwd: spec.cwd, env: spec.env, timeoutMs: spec.timeoutMs, capture: true, ...(options.signal ? { signal: options.signal } : {}), onLine: (line, stream) => stream === "stderr" && options.onLine?.(line) });
    if (last.interrupted) return { ok: false, readings, interrupted: true, last };
    if (last.exitCode !== 0) return { ok: false, readings, interrupted: false, last, detail: `the reading command failed (${describeResult(last, spec.timeoutMs)})` };
    const text = (last.stdout ?? "").trim();
    const value = Number(text);
    if (text === "" || !Number.isFinite(value)) return { ok: false, readings, interrupted: false, last, detail: `the reading command printed ${JSON.stringify(text.slice(0, 40))}, not a number` };
    readings.push(value);
    options.onReading?.(value, readings.length);
    if (value <= spec.baseline) return { ok: true, readings, interrupted: false, last };
    if (performance.now() + spec.intervalMs > deadline) return { ok: false, readings, interrupted: false, last, detail: `still above the baseline ${spec.baseline} after ${Math.round(spec.windowMs / 1000)} s (last reading ${value})` };
    if (!(await sleep(spec.intervalMs, options.signal))) return { ok: false, readings, interrupted: true, last };
  }
}
