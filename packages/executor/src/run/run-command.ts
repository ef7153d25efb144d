// Runs one configured command: an argv array spawned directly (never through a shell), with a time
// limit, its output passed on line by line, and a way to stop it (Ctrl-C). The command runs in a
// process group of its own, so stopping it also stops what it started (make -> ansible -> ssh).
import { spawn } from "node:child_process";

export interface CommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Aborted when the run is interrupted: the command is stopped with SIGINT, then SIGKILL. */
  signal?: AbortSignal;
  /** Each line the command prints (stdout and stderr), as it prints it. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Text written to the command's standard input (the audit record for a notify command). */
  input?: string;
  /** Keep stdout in the result (a previous-release lookup, an error-rate reading). */
  capture?: boolean;
  /** Called once the command has started, with its pid (also its process group's id). */
  onStart?: (pid: number) => void;
}

export interface CommandResult {
  /** The exit code, or null when a signal ended the command or it could not start. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  interrupted: boolean;
  durationMs: number;
  /** Why it could not start (`gh: not found on PATH`). */
  startError?: string;
  stdout?: string;
  /** The command exited but a process it left running (`setsid svc &`, `nohup svc &`) still held its
   * output open; rollsafe stopped reading it rather than wait for that process. */
  outputLeftOpen?: boolean;
}

/** How long a stopped command gets to exit before it is killed. */
export const KILL_GRACE_MS = 3000;

/** After the command exits, how long its last output gets to arrive through the pipes. A process it
 * left in the background may hold them open for ever: the step is over when the command exits. */
export const OUTPUT_DRAIN_MS = 500;

export function runCommand(argv: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const started = performance.now();
  const [program, ...args] = argv;
  return new Promise((resolve) => {
    if (!program) return resolve({ exitCode: null, signal: null, timedOut: false, interrupted: false, durationMs: 0, startError: "empty command" });
    if (options.signal?.aborted) return resolve({ exitCode: null, signal: null, timedOut: false, interrupted: true, durationMs: 0 });
    const child = spawn(program, args, { cwd: options.cwd, env: options.env, stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"], detached: true, shell: false });
    if (child.pid !== undefined) options.onStart?.(child.pid);
    let timedOut = false;
    let interrupted = false;
    let startError: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const captured: string[] = [];
    const stop = (signal: NodeJS.Signals) => {
      signalGroup(child.pid, signal);
      killTimer ??= setTimeout(() => signalGroup(child.pid, "SIGKILL"), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop("SIGTERM");
    }, options.timeoutMs);
    const onAbort = () => {
      interrupted = true;
      stop("SIGINT");
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    forwardLines(child.stdout, (line) => {
      if (options.capture) captured.push(line);
      options.onLine?.(line, "stdout");
    });
    forwardLines(child.stderr, (line) => options.onLine?.(line, "stderr"));
    if (options.input !== undefined && child.stdin) {
      // A command that does not read its input closes the pipe: that is not its failure.
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input);
    }
    child.on("error", (error: NodeJS.ErrnoException) => {
      startError = error.code === "ENOENT" ? `${program}: not found (is it installed and on PATH?)` : error.code === "EACCES" ? `${program}: permission denied (is it executable?)` : `${program}: ${error.message}`;
    });
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let finished = false;
    const finish = (outputLeftOpen: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      // A stopped command's own group goes with it: what it started there does not outlive the stop.
      if (timedOut || interrupted) signalGroup(child.pid, "SIGKILL");
      options.signal?.removeEventListener("abort", onAbort);
      if (outputLeftOpen) {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }
      const result: CommandResult = { exitCode: startError ? null : (exited?.code ?? null), signal: exited?.signal ?? null, timedOut, interrupted, durationMs: performance.now() - started };
      if (startError) result.startError = startError;
      if (options.capture) result.stdout = captured.join("\n");
      if (outputLeftOpen) result.outputLeftOpen = true;
      resolve(result);
    };
    // The time limit is the command's, not its pipes': once it exits, a background process still
    // holding stdout (a daemon it started) gets no say in how long the step takes.
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      clearTimeout(timer);
      setTimeout(() => finish(true), OUTPUT_DRAIN_MS).unref();
    });
    child.on("close", (code, signal) => {
      exited ??= { code, signal };
      finish(false);
    });
  });
}

/** Signals the command's whole process group (it was spawned detached, as its leader). */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (rest + chunk).split(/\r?\n/);
    rest = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  });
  stream.on("end", () => {
    if (rest !== "") onLine(rest);
  });
}

/** What went wrong, in a few words: `exit 1`, `timed out after 30 s`, `interrupted`, `not found`. */
export function describeResult(result: CommandResult, timeoutMs: number): string {
  if (result.startError) return result.startError;
  if (result.interrupted) return "interrupted";
  if (result.timedOut) return `timed out after ${formatSeconds(timeoutMs)} and was stopped`;
  if (result.signal) return `killed by ${result.signal}`;
  return `exit ${result.exitCode}`;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}
