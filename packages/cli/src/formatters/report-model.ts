// What every report format shows, in one shape: the formatters differ only in how they print it.
import type { Approval, Finding, RollbackPath } from "@rollsafe/core";
import type { ReleaseSignoffSummary } from "../signoff/release-signoffs.js";
import { describeApproval } from "./approval.js";
import { findingJson } from "./json.js";
import type { ReportRun } from "../commands/report/run.js";

export const REPORT_FORMAT_VERSION = 1;

export const PATH_TITLES: Record<RollbackPath, string> = {
  "service-rollback": "Service rollback: redeploy the previous release",
  "schema-compatible-rollback": "Schema-compatible rollback: roll the code back, leave the schema",
  "roll-forward": "Roll forward: the previous code cannot run on the new schema",
  "migration-down": "Migration down (last resort)",
  "disaster-recovery": "Disaster recovery: data is lost, restore from backup or PITR",
};

/** `; signed off by @alice on ...`, `; not signed off`, or nothing when sign-off is not configured. */
export function signedOff(approvedBy: Approval | null | undefined): string {
  if (approvedBy === undefined) return "";
  return approvedBy ? `; signed off by ${describeApproval(approvedBy)}` : "; not signed off";
}

/** The release's sign-off in one line. */
export function signoffLine(signoff: ReleaseSignoffSummary): string {
  if (signoff.unavailable) return `not read: ${signoff.unavailable}`;
  return `${signoff.signed} of ${signoff.directives} override(s) added in this release signed off by an approver`;
}

export function where(finding: Finding): string {
  return `${finding.path}:${finding.range.start.line}:${finding.range.start.column}`;
}

/** The JSON document (docs/report-format.md). Bump REPORT_FORMAT_VERSION on any breaking change. */
export function reportDocument(run: ReportRun) {
  const { decision, score, correctives } = run.assessment;
  const ref = (f: Finding) => ({ ruleId: f.ruleId, path: f.path, line: f.range.start.line, column: f.range.start.column });
  return {
    version: REPORT_FORMAT_VERSION,
    range: { from: run.from, to: run.to },
    dir: run.dir,
    migrations: run.migrations,
    path: decision.path,
    safe: decision.path === "service-rollback" || decision.path === "schema-compatible-rollback",
    reason: decision.reason,
    decidedBy: decision.deciding.map(ref),
    alternatives: decision.alternatives,
    score: score.score,
    grade: score.grade,
    deductions: score.deductions.map((d) => ({ points: d.points, reason: d.reason, ...ref(d.finding) })),
    findings: run.findings.map(findingJson),
    corrective: correctives.map((c) => ({ ...ref(c.finding), sql: c.sql ?? null, note: c.note })),
    evidence: run.assessment.evidence,
    runbook: { path: run.runbook.path, steps: run.runbook.steps.map((s) => ({ title: s.title, detail: s.detail, commands: s.commands, urls: s.urls ?? [] })), note: run.runbook.note },
    timeline: run.timeline,
    problems: run.problems.map((p) => ({ path: p.path, message: p.message, severity: p.severity === "warning" ? "warn" : "error" })),
    ...(run.signoff ? { signoff: run.signoff } : {}),
  };
}

export type ReportDocument = ReturnType<typeof reportDocument>;
