// `rollsafe rollback`: plans the rollback and, with `execute`, runs a safe path's steps under the lock.
// Every run appends an audit record, whatever its outcome (a usage error too, before it is rethrown).
import { resolve } from "node:path";
import { ConfigError, DEFAULT_AUDIT_FILE, loadConfig, type ProjectReaders, type RollsafeConfig } from "@rollsafe/core";
import { ALL_RULES } from "@rollsafe/rules";
import { appendAudit, finishRecord, recordBase, type AuditRecord, type Outcome } from "./audit/audit-record.js";
import { acquireLock, LOCK_FILE, LockBusyError } from "./lock/lock-file.js";
import { planRollback, type RollbackPlan } from "./plan/plan.js";
import { InterruptedError } from "./refs/previous-release.js";
import { describeStep, executeSteps, type Failure } from "./run/execute-steps.js";
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
    from: plan.from,
    to: plan.to,
    path: plan.path,
    verdict: plan.verdict,
    migrations: plan.migrations.checked,
    ...(plan.warnings.length > 0 ? { warnings: plan.warnings } : {}),
  };
  const lookup = plan.lookup ? [plan.lookup] : [];
  const notRun = [...plan.steps, ...plan.finally].map(describeStep);
  const finish = (outcome: Outcome, exitCode: 0 | 1 | 130, steps: StepRecord[], extra: { reason?: string; failure?: Failure; warnings?: string[] } = {}): RollbackRun => {
    const warnings = [...plan.warnings, ...(extra.warnings ?? [])];
    const record = finishRecord(base, started, { ...planned, outcome, exitCode, steps, ...(extra.reason ? { reason: extra.reason } : {}), ...(warnings.length > 0 ? { warnings } : {}) });
    appendAudit(auditFile, record);
    const run: RollbackRun = { plan, outcome, exitCode, steps, warnings, auditFile, record };
    if (extra.reason) run.reason = extra.reason;
    if (extra.failure) run.failure = extra.failure;
    return run;
  };

  if (!plan.executable) return finish("refused", 1, [...lookup, ...notRun], { reason: plan.refusal! });
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
    if (error instanceof LockBusyError) return finish("refused", 1, [...lookup, ...notRun], { reason: error.message });
    throw error;
  }
  try {
    if (lock.tookOver) options.progress?.(`warning: ${lock.tookOver}`);
    const execution = await executeSteps(plan, plan, {
      env,
      progress: options.progress ?? (() => undefined),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
      recordSoFar: (steps, outcome) => JSON.stringify(finishRecord(base, started, { ...planned, outcome, exitCode: outcome === "succeeded" ? 0 : 1, steps: [...lookup, ...steps] })),
    });
    const warnings = [...(lock.tookOver ? [lock.tookOver] : []), ...execution.warnings];
    const steps = [...lookup, ...execution.steps];
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
