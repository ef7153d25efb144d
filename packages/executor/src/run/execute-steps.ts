// Runs a plan's steps in order with live progress (step, elapsed time, retries), stops at the first
// failed step, then runs the closing steps (the checkout's removal always; the notification unless
// the run was interrupted). Every step, run or not, ends up in the record.
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { RefAt } from "@rollsafe/core";
import { displayArgv } from "../plan/display-argv.js";
import type { CommandStep, ErrorRateStep, HttpStep, PlanStep, StepLists } from "../plan/steps.js";
import { watchErrorRate } from "./error-rate.js";
import { runHealthcheck } from "./health-check.js";
import { nextAction } from "./next-action.js";
import { describeResult, formatSeconds, runCommand } from "./run-command.js";
import type { StepOutcome, StepRecord } from "./step-record.js";

export interface ExecuteOptions {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** One line of progress (the CLI writes it to stderr). */
  progress: (line: string) => void;
  /** The audit record as it stands, as JSON: what a notify step sends (with the failure, once there is one). */
  recordSoFar: (steps: StepRecord[], outcome: Execution["outcome"], failure?: Failure) => string;
  /** How often a long step says it is still running (default 15 s). */
  heartbeatMs?: number;
  /** The steps so far, the running one as `running`: before and after each step (the run's journal). */
  onRecord?: (steps: StepRecord[]) => void;
  /** A command step's process has started: its pid is its process group (the lock keeps it). */
  onCommandStart?: (step: string, pid: number) => void;
}

export interface Failure {
  step: string;
  detail: string;
  /** What the on-call engineer does next. */
  next: string;
}

export interface Execution {
  outcome: "succeeded" | "failed" | "interrupted";
  steps: StepRecord[];
  failure?: Failure;
  /** Closing steps that failed (a notification): reported, but they do not undo a rollback that worked. */
  warnings: string[];
}

export async function executeSteps(lists: StepLists, target: { from: RefAt; to: RefAt }, options: ExecuteOptions): Promise<Execution> {
  const records: StepRecord[] = [];
  const total = lists.steps.length + lists.finally.length;
  let outcome: Execution["outcome"] = "succeeded";
  let failure: Failure | undefined;
  for (const [i, step] of lists.steps.entries()) {
    if (outcome === "succeeded" && options.signal?.aborted) outcome = "interrupted";
    if (outcome !== "succeeded") {
      records.push(describeStep(step));
      continue;
    }
    options.onRecord?.([...records, { ...describeStep(step), outcome: "running", startedAt: new Date().toISOString() }]);
    const record = await runStep(step, `[${i + 1}/${total}] ${step.name}`, options, () => options.recordSoFar(records, outcome));
    records.push(record);
    options.onRecord?.(records);
    if (record.outcome === "interrupted") outcome = "interrupted";
    else if (record.outcome !== "ok") {
      outcome = "failed";
      failure = { step: step.name, detail: record.detail ?? record.outcome, next: nextAction(step, record, target) };
    }
  }
  const warnings: string[] = [];
  for (const [i, step] of lists.finally.entries()) {
    // After Ctrl-C only the clean-up runs: the person who pressed it asked for everything to stop.
    if (outcome === "interrupted" && step.kind === "notify") {
      records.push(describeStep(step));
      continue;
    }
    // Not stoppable by the Ctrl-C that already stopped the run: the clean-up must finish.
    const record = await runStep(step, `[${lists.steps.length + i + 1}/${total}] ${step.name}`, { ...options, signal: undefined }, () => options.recordSoFar(records, outcome, failure));
    records.push(record);
    options.onRecord?.(records);
    if (record.outcome !== "ok") warnings.push(`${step.name} ${record.detail ?? record.outcome}: ${step.kind === "notify" ? "the notification was not sent" : "clean up by hand"}`);
  }
  const execution: Execution = { outcome, steps: records, warnings };
  if (failure) execution.failure = failure;
  return execution;
}

/** The step as the record names it, before it runs. */
export function describeStep(step: PlanStep): StepRecord {
  switch (step.type) {
    case "command":
    case "error-rate":
      return { name: step.name, kind: step.kind, argv: step.argv, cwd: step.cwd, outcome: "not-run" };
    case "http":
      return { name: step.name, kind: step.kind, url: step.url, outcome: "not-run" };
    case "append":
      return { name: step.name, kind: step.kind, file: step.file, outcome: "not-run" };
  }
}

/** Runs one step; `recordText` is the audit record so far (what a notify step sends or appends). */
export async function runStep(step: PlanStep, label: string, options: ExecuteOptions, recordText: () => string): Promise<StepRecord> {
  const startedAt = new Date();
  const base: StepRecord = { ...describeStep(step), outcome: "ok", startedAt: startedAt.toISOString() };
  const heartbeat = setInterval(() => options.progress(`${label}: still running (${formatSeconds(Date.now() - startedAt.getTime())})`), options.heartbeatMs ?? 15_000);
  try {
    switch (step.type) {
      case "command":
        return await commandStep(step, label, options, base, step.input === "audit-record" ? recordText() : undefined);
      case "http":
        return await httpStep(step, label, options, base);
      case "error-rate":
        return await errorRateStep(step, label, options, base);
      case "append":
        return appendStep(step, label, options, base, recordText());
    }
  } finally {
    clearInterval(heartbeat);
  }
}

async function commandStep(step: CommandStep, label: string, options: ExecuteOptions, base: StepRecord, input: string | undefined): Promise<StepRecord> {
  options.progress(`${label}: $ ${displayArgv(step.argv)}`);
  const result = await runCommand(step.argv, {
    cwd: step.cwd,
    env: options.env,
    timeoutMs: step.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(input !== undefined ? { input } : {}),
    onLine: (line) => options.progress(`      | ${line}`),
    ...(options.onCommandStart ? { onStart: (pid: number) => options.onCommandStart?.(step.name, pid) } : {}),
  });
  const outcome: StepOutcome = result.interrupted ? "interrupted" : result.timedOut ? "timed-out" : result.exitCode === 0 ? "ok" : "failed";
  const record: StepRecord = { ...base, outcome, durationMs: Math.round(result.durationMs), exitCode: result.exitCode, signal: result.signal };
  if (outcome !== "ok") record.detail = describeResult(result, step.timeoutMs);
  if (result.outputLeftOpen) options.progress(`${label}: the command left a process running that holds its output: rollsafe stopped reading it`);
  options.progress(`${label}: ${outcome === "ok" ? "ok" : record.detail} (${formatSeconds(result.durationMs)})`);
  return record;
}

async function httpStep(step: HttpStep, label: string, options: ExecuteOptions, base: StepRecord): Promise<StepRecord> {
  options.progress(`${label}: GET ${step.url}, expecting ${step.expectedStatus}`);
  const result = await runHealthcheck(step, {
    ...(options.signal ? { signal: options.signal } : {}),
    onAttempt: (a) => {
      const answer = a.status !== undefined ? `${a.status}` : a.error;
      const more = a.ok ? "" : a.attempt < a.of ? `, retrying in ${formatSeconds(step.intervalMs)}` : "";
      options.progress(`${label}: ${answer} (attempt ${a.attempt} of ${a.of})${more}`);
    },
  });
  const outcome: StepOutcome = result.interrupted ? "interrupted" : result.ok ? "ok" : "failed";
  const record: StepRecord = { ...base, outcome, durationMs: Math.round(result.durationMs), attempts: result.attempts };
  if (result.lastStatus !== undefined) record.status = result.lastStatus;
  if (outcome === "failed") record.detail = `${step.url} did not answer ${step.expectedStatus} in ${result.attempts} attempt(s) (last: ${result.lastStatus ?? result.lastError})`;
  options.progress(`${label}: ${outcome === "ok" ? "ok" : (record.detail ?? outcome)} (${formatSeconds(result.durationMs)})`);
  return record;
}

async function errorRateStep(step: ErrorRateStep, label: string, options: ExecuteOptions, base: StepRecord): Promise<StepRecord> {
  const started = performance.now();
  const inARow = step.consecutive > 1 ? `, ${step.consecutive} times in a row` : "";
  options.progress(`${label}: $ ${displayArgv(step.argv)} until it prints at most ${step.baseline}${inARow} (within ${formatSeconds(step.windowMs)})`);
  const result = await watchErrorRate(
    { argv: step.argv, cwd: step.cwd, env: options.env, baseline: step.baseline, windowMs: step.windowMs, intervalMs: step.intervalMs, timeoutMs: step.timeoutMs, consecutive: step.consecutive },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      onReading: (value, n) => options.progress(`${label}: reading ${n}: ${value} ${value <= step.baseline ? "<=" : ">"} ${step.baseline}`),
      onLine: (line) => options.progress(`      | ${line}`),
    },
  );
  const outcome: StepOutcome = result.interrupted ? "interrupted" : result.ok ? "ok" : "failed";
  const record: StepRecord = { ...base, outcome, durationMs: Math.round(performance.now() - started), readings: result.readings, attempts: result.readings.length };
  if (result.last) record.exitCode = result.last.exitCode;
  if (result.detail) record.detail = result.detail;
  options.progress(`${label}: ${outcome === "ok" ? "ok" : (record.detail ?? outcome)} (${formatSeconds(performance.now() - started)})`);
  return record;
}

function appendStep(step: { file: string }, label: string, options: { progress: (line: string) => void }, base: StepRecord, text: string): StepRecord {
  try {
    mkdirSync(dirname(step.file), { recursive: true });
    appendFileSync(step.file, `${text}\n`);
    options.progress(`${label}: appended the record to ${step.file}`);
    return { ...base, outcome: "ok", durationMs: 0 };
  } catch (error) {
    const detail = `cannot append to ${step.file}: ${(error as Error).message}`;
    options.progress(`${label}: ${detail}`);
    return { ...base, outcome: "failed", durationMs: 0, detail };
  }
}
