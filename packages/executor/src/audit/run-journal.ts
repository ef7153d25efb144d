// The audit record of a run in progress. An executing run writes it before its first step and
// rewrites it after each one, beside the audit log (`audit.jsonl.running/<pid>-<time>.json`, whole
// files only: written aside, then renamed); at the end the final record is appended to the log and the
// journal removed. A run that never gets there (kill -9, two Ctrl-C, a full disk) leaves its journal:
// the next run that takes the lock appends it to the log as `abandoned`, with the steps it had begun.
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { redactSecrets } from "@rollsafe/core";
import { appendAudit, type AuditRecord } from "./audit-record.js";

export interface RunJournal {
  /** Rewrites the journal with the record as it stands (after each step). */
  update(record: AuditRecord): void;
  /** Appends the final record to the audit log, then removes the journal. */
  finish(record: AuditRecord, urls?: readonly (string | undefined)[]): void;
}

function journalDir(auditFile: string): string {
  return `${auditFile}.running`;
}

/**
 * Writes the journal of a run about to execute. Throws when it cannot be written (a full disk, a
 * read-only folder): a run that could leave no trace does not start.
 */
export function startJournal(auditFile: string, record: AuditRecord): RunJournal {
  const dir = journalDir(auditFile);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${process.pid}-${Date.now()}.json`);
  const write = (r: AuditRecord) => {
    const aside = `${file}.tmp`;
    writeFileSync(aside, `${redactSecrets(JSON.stringify(r))}\n`);
    renameSync(aside, file);
  };
  write(record);
  return {
    update(r) {
      try {
        write(r);
      } catch {
        // The journal as last written stays: it still says the run began and what it had begun.
      }
    },
    finish(r, urls = []) {
      appendAudit(auditFile, r, urls);
      unlinkSync(file);
    },
  };
}

/** Whether the journal's process is gone (same host: a run elsewhere cannot be judged from here). */
function abandoned(record: Partial<AuditRecord>): boolean {
  if (record.host !== hostname() || typeof record.pid !== "number") return false;
  try {
    process.kill(record.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Appends the journal of each run whose process is gone to the audit log as `abandoned`, and returns
 * a warning for each. Called while holding the lock, so no journal it reads is still being written.
 */
export function recoverAbandoned(auditFile: string): string[] {
  const dir = journalDir(auditFile);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const warnings: string[] = [];
  for (const name of names.sort()) {
    const file = join(dir, name);
    let record: AuditRecord;
    try {
      record = JSON.parse(readFileSync(file, "utf8")) as AuditRecord;
    } catch {
      continue;
    }
    if (!abandoned(record)) continue;
    const reason = `the run ended without finishing (killed, crashed or out of disk space): its record is as it stood after its last step${record.reason ? `; ${record.reason}` : ""}`;
    appendAudit(auditFile, { ...record, outcome: "abandoned", reason });
    unlinkSync(file);
    const began = record.steps.filter((s) => s.outcome !== "not-run").map((s) => `${s.name} (${s.outcome})`);
    warnings.push(`an earlier run (${record.command}, pid ${record.pid}, started ${record.startedAt}) ended without finishing; recorded as abandoned in ${auditFile}${began.length > 0 ? `; steps it had begun: ${began.join(", ")}` : ""}`);
  }
  return warnings;
}
