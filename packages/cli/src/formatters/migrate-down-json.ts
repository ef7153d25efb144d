// `rollsafe migrate-down --format json`: the audit record of the run, plus what only the terminal shows.
import type { MigrateDownRun } from "@rollsafe/executor";
import { findingJson } from "./json.js";

export function formatMigrateDownJson(run: MigrateDownRun): string {
  const doc = {
    ...run.record,
    findings: run.findings.map(findingJson),
    snapshotMethod: run.snapshot?.method ?? null,
    checked: run.checked ?? null,
    mismatches: run.mismatches,
    corrective: run.correctives.map((k) => ({ ruleId: k.finding.ruleId, path: k.finding.path, line: k.finding.range.start.line, sql: k.sql ?? null, note: k.note })),
    auditFile: run.auditFile,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
