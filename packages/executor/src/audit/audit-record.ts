// One line of the audit log (JSON lines, `.rollsafe/audit.jsonl` by default): who ran what, when, from
// which release to which, the path, every step with its argv, exit code and duration, and the outcome.
// Every run appends one: a plan, an execution, a refusal, a failure, an interruption.
import { appendFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { dirname } from "node:path";
import { makeStateDir, redactSecrets, type RollbackPath, type Verdict } from "@rollsafe/core";
import type { StepRecord } from "../run/step-record.js";

export const AUDIT_RECORD_VERSION = 1;

/** `running`: the journal of a run in progress; `abandoned`: a run that never finished (see run-journal.ts). */
export type Outcome = "planned" | "refused" | "succeeded" | "failed" | "interrupted" | "running" | "abandoned";

export interface AuditRecord {
  version: typeof AUDIT_RECORD_VERSION;
  command: "rollback" | "migrate-down";
  /** `plan` without --execute (nothing ran), `execute` with it. */
  mode: "plan" | "execute";
  outcome: Outcome;
  /** Why it was refused or failed, or what it did. */
  reason?: string;
  /** null while the run is `running` (and in an `abandoned` record). */
  exitCode: number | null;
  who: { user: string; actor?: string; approvedBy?: string };
  host: string;
  pid: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** As given or found; `sha` once resolved; `tag` when a tag names the commit (a deploy history prints commit ids). */
  from?: { ref: string; sha?: string; tag?: string };
  to?: { ref: string; sha?: string; tag?: string };
  path?: RollbackPath;
  /** The release's failure class, as the runbook names it (`breaking schema change (dropping-column)`). */
  failureClass?: string;
  /** Whether the previous release runs against the new schema, as the assessment found. */
  verdict?: Verdict;
  /** The migrations the assessment covered (rollback) or the one reverted (migrate-down). */
  migrations?: string[];
  steps: StepRecord[];
  /** migrate-down: the database (password removed), the versions, the snapshot, the data the step destroys. */
  database?: string;
  /** migrate-down: the applied version it reverts, and the one it leaves (null: none). */
  versions?: { from: string; to: string | null };
  approval?: { by: string; reason: string };
  snapshot?: string;
  dataLoss?: string[];
  warnings?: string[];
}

/** Who ran it: the OS user, and the CI actor when there is one (GITHUB_ACTOR, ROLLSAFE_ACTOR). */
export function whoRan(env: NodeJS.ProcessEnv): AuditRecord["who"] {
  let user = env.USER ?? env.USERNAME ?? "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment's name will do.
  }
  const actor = env.ROLLSAFE_ACTOR || env.GITHUB_ACTOR || undefined;
  return actor ? { user, actor } : { user };
}

export function recordBase(command: AuditRecord["command"], mode: AuditRecord["mode"], started: Date, env: NodeJS.ProcessEnv): Omit<AuditRecord, "outcome" | "exitCode" | "finishedAt" | "durationMs" | "steps"> {
  return { version: AUDIT_RECORD_VERSION, command, mode, who: whoRan(env), host: hostname(), pid: process.pid, startedAt: started.toISOString() };
}

/** Completes the record's end time and duration. */
export function finishRecord(base: ReturnType<typeof recordBase>, started: Date, fields: Pick<AuditRecord, "outcome" | "exitCode" | "steps"> & Partial<AuditRecord>): AuditRecord {
  const finished = new Date();
  return { ...base, ...fields, finishedAt: finished.toISOString(), durationMs: finished.getTime() - started.getTime() };
}

/** Appends the record as one line (one write, O_APPEND), creating the folder if needed. No database
 * password is kept: any postgres URL in it is redacted, and so is each secret of `urls` wherever it is. */
export function appendAudit(file: string, record: AuditRecord, urls: readonly (string | undefined)[] = []): void {
  makeStateDir(dirname(file));
  appendFileSync(file, `${redactSecrets(JSON.stringify(record), urls)}\n`);
}
