// `rollsafe rollback`: plans the rollback and, with `execute`, runs a safe path's steps under the lock.
// Every run appends an audit record, whatever its outcome (a usage error too, before it is rethrown).
import { resolve } from "node:path";
import { ConfigError, DEFAULT_AUDIT_FILE, loadConfig, type ProjectReaders, type RollsafeConfig } from "@rollsafe/core";
import { ALL_RULES } from "@rollsafe/rules";
import { appendAudit, finishRecord, recordBase, type AuditRecord, type Outcome } from "./audit/audit-record.js";
import { recoverAbandoned, startJournal, type RunJournal } from "./audit/run-journal.js";
import { acquireLock, LOCK_FILE, LockBusyError } from "./lock/lock-file.js";
import { planRollback, type RollbackPlan } from "./plan/plan.js";
import { InterruptedError } from "./refs/previous-release.js";
import { describeStep, executeSteps, type Failure } from "./run/execute-steps.js";
import { sendNotification, type NotifyPhase } from "./run/notification.js";
import type { StepRecord } from "./run/step-record.js";

export interface RollbackOptions {
  cwd: string;
  /** The config file (default: rollsafe.config.json or package.json#rollsafe in cwd). */
  config?: string;
  from?: string;
  to?: string;
  /** The migrations folder. */
  path?: string;
  execute: boolean;
  /** Take a safe path whose verdict is "unknown", after a person reviewed what could not be analysed. */
  allowUnknown?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: the running step is stopped and the run ends `interrupted`. */
  signal?: AbortSignal;
  progress?: (line: string) => void;
  /** Called with the plan before any step runs (the CLI prints it). */
  onPlan?: (plan: RollbackPlan) => void;
  heartbeatMs?: number;
  /** How the migrations folder and the target's code schema are read (the CLI gives @rollsafe/drizzle's readers). */
  readers?: ProjectReaders;
}

export interface RollbackRun {
  plan?: RollbackPlan;
  outcome: Outcome;
  exitCode: 0 | 1 | 130;
  /** Why it was refused or failed. */
  reason?: string;
  steps: StepRecord[];
  failure?: Failure;
  warnings: string[];
  auditFile: string;
  record: AuditRecord;
}

export async function runRollback(options: RollbackOptions): Promise<RollbackRun> {
  const started = new Date();
  const env = options.env ?? process.env;
  const mode = options.execute ? "execute" : "plan";
  const base = recordBase("rollback", mode, started, env);
  const given = { ...(options.from !== undefined ? { from: { ref: options.from } } : {}), ...(options.to !== undefined ? { to: { ref: options.to } } : {}) };
  let auditFile = resolve(options.cwd, DEFAULT_AUDIT_FILE);
  const refuse = (reason: string, steps: StepRecord[] = []) => appendAudit(auditFile, finishRecord(base, started, { ...given, outcome: "refused", exitCode: 2, reason, steps }));

  let config: RollsafeConfig;
  let baseDir: string;
  try {
    ({ config, baseDir } = loadConfig(options.cwd, options.config, new Set(ALL_RULES.map((r) => r.id))));
  } catch (error) {
    if (error instanceof ConfigError) refuse(error.message);
    throw error;
  }
  auditFile = resolve(baseDir, config.rollback?.auditFile ?? DEFAULT_AUDIT_FILE);

  let plan: RollbackPlan;
  try {
    plan = await planRollback({
      cwd: options.cwd,
      config,
      baseDir,
      env,
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.allowUnknown ? { allowUnknown: true } : {}),
      ...(options.readers ? { readers: options.readers } : {}),
      onLine: (line) => options.progress?.(`      | ${line}`),
    });
  } catch (error) {
    if (error instanceof InterruptedError) {
      const record = finishRecord(base, started, { ...given, outcome: "interrupted", exitCode: 130, reason: error.message, steps: [] });
      appendAudit(auditFile, record);
      return { outcome: "interrupted", exitCode: 130, reason: error.message, steps: [], warnings: [], auditFile, record };
    }
    if (error instanceof ConfigError) refuse(error.message);
    throw error;
  }
  options.onPlan?.(plan);

  const planned = {
    from: { ...plan.from, ...(plan.tags.from ? { tag: plan.tags.from } : {}) },
    to: { ...plan.to, ...(plan.tags.to ? { tag: plan.tags.to } : {}) },
    path: plan.path,
    failureClass: plan.failureClass,
    verdict: plan.verdict,
    migrations: plan.migrations.checked,
    ...(plan.warnings.length > 0 ? { warnings: plan.warnings } : {}),
  };
  const lookup = plan.lookup ? [plan.lookup] : [];
  const notRun = [...plan.steps, ...plan.finally].map(describeStep);
  let journal: RunJournal | undefined;
  const finish = (outcome: Outcome, exitCode: 0 | 1 | 130, steps: StepRecord[], extra: { reason?: string; failure?: Failure; warnings?: string[] } = {}): RollbackRun => {
    const warnings = [...plan.warnings, ...(extra.warnings ?? [])];
    const record = finishRecord(base, started, { ...planned, outcome, exitCode, steps, ...(extra.reason ? { reason: extra.reason } : {}), ...(warnings.length > 0 ? { warnings } : {}) });
    if (journal) journal.finish(record);
    else appendAudit(auditFile, record);
    const run: RollbackRun = { plan, outcome, exitCode, steps, warnings, auditFile, record };
    if (extra.reason) run.reason = extra.reason;
    if (extra.failure) run.failure = extra.failure;
    return run;
  };

  const notifyOptions = { env, progress: options.progress ?? (() => undefined), ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}) };
  /** The notification of a phase, with the record as it stands; its own record, and a warning if it failed. */
  const notify = async (phase: NotifyPhase, outcome: Outcome | "started", steps: StepRecord[], reason: string): Promise<{ steps: StepRecord[]; warnings: string[] }> => {
    if (!plan.notify) return { steps: [], warnings: [] };
    const record = finishRecord(base, started, { ...planned, outcome: "planned", exitCode: outcome === "refused" ? 1 : 0, steps, reason });
    const sent = await sendNotification(plan.notify, { ...record, outcome, phase }, notifyOptions);
    return { steps: [sent.record], warnings: sent.warning ? [sent.warning] : [] };
  };
  /** A refused --execute: the refusal is sent too (someone asked for a rollback and did not get one). */
  const refuseExecute = async (reason: string) => {
    const steps = [...lookup, ...notRun];
    if (!options.execute) return finish("refused", 1, steps, { reason });
    const sent = await notify("refused", "refused", steps, reason);
    return finish("refused", 1, [...steps, ...sent.steps], { reason, warnings: sent.warnings });
  };

  if (!plan.executable) return refuseExecute(plan.refusal!);
  if (!options.execute) return finish("planned", 0, [...lookup, ...notRun], { reason: "plan only: nothing was run (add --execute)" });
  if (!config.rollback?.deploy) {
    const reason = `rollback --execute: rollback.deploy is not configured: nothing would redeploy ${plan.to.ref}`;
    appendAudit(auditFile, finishRecord(base, started, { ...planned, outcome: "refused", exitCode: 2, reason, steps: [...lookup, ...notRun] }));
    throw new ConfigError(reason);
  }

  let lock;
  try {
    lock = acquireLock(resolve(baseDir, LOCK_FILE), `rollsafe rollback --to ${plan.to.ref}`);
  } catch (error) {
    if (error instanceof LockBusyError) return refuseExecute(error.message);
    throw error;
  }
  const earlier: string[] = [];
  try {
    if (lock.tookOver) options.progress?.(`warning: ${lock.tookOver}`);
    for (const w of recoverAbandoned(auditFile)) {
      earlier.push(w);
      options.progress?.(`warning: ${w}`);
    }
    const runningRecord = (steps: StepRecord[]) => finishRecord(base, started, { ...planned, outcome: "running", exitCode: null, steps: [...lookup, ...steps] });
    try {
      journal = startJournal(auditFile, runningRecord([]));
    } catch (error) {
      throw new ConfigError(`rollback --execute: cannot write the audit record beside ${auditFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): nothing was run`);
    }
    const start = await notify("start", "started", [...lookup, ...notRun], `rolling back from ${plan.from.ref} to ${plan.to.ref} (${plan.path})`);
    const execution = await executeSteps(plan, plan, {
      env,
      onRecord: (steps) => journal?.update(runningRecord(steps)),
      onCommandStart: (step, pid) => lock.noteStep(step, pid),
      progress: options.progress ?? (() => undefined),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
      recordSoFar: (steps, outcome, failure) => {
        const reason = failure ? `${failure.step}: ${failure.detail}` : outcome === "succeeded" ? `rolled back from ${plan.from.ref} to ${plan.to.ref} (${plan.path})` : "interrupted";
        const record = finishRecord(base, started, { ...planned, outcome, exitCode: outcome === "succeeded" ? 0 : 1, steps: [...lookup, ...start.steps, ...steps], reason });
        return JSON.stringify({ ...record, phase: "end" });
      },
    });
    const warnings = [...(lock.tookOver ? [lock.tookOver] : []), ...earlier, ...start.warnings, ...execution.warnings];
    const steps = [...lookup, ...start.steps, ...execution.steps];
    switch (execution.outcome) {
      case "succeeded":
        return finish("succeeded", 0, steps, { reason: `rolled back from ${plan.from.ref} to ${plan.to.ref} (${plan.path})`, warnings });
      case "interrupted":
        return finish("interrupted", 130, steps, { reason: "interrupted (Ctrl-C): the running step was stopped and no later step ran", warnings });
      default:
        return finish("failed", 1, steps, { reason: `${execution.failure!.step}: ${execution.failure!.detail}`, failure: execution.failure!, warnings });
    }
  } finally {
    lock.release();
  }
}
