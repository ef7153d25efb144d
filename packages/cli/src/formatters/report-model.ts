// What every report format shows, in one shape: the formatters differ only in how they print it.
import { countUnanalysed, unanalysedAt, verdictWord, type Approval, type CodeEvidence, type Compatibility, type Finding, type RollbackPath, type UnanalysedStatement, type Verdict } from "@rollsafe/core";
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

/** The headline of a report: whether the previous release runs against the new schema. */
export function verdictLine(verdict: Verdict, unanalysed: readonly UnanalysedStatement[]): string {
  if (verdict === "unknown") return `Rollback safe: unknown (${countUnanalysed(unanalysed)} could not be analysed; unknown is never reported as safe)`;
  return `Rollback safe: ${verdictWord(verdict)}`;
}

/** One line per statement (or file) that could not be analysed: `path:line: why`. */
export function unanalysedLines(unanalysed: readonly UnanalysedStatement[]): string[] {
  return unanalysed.map((u) => `${unanalysedAt(u)}: not analysed: ${u.why}`);
}

/** Both directions of a rolling update, with the deploy order each assumes. */
export function rollingUpdateLine(c: Compatibility): string {
  const order = c.safeDeployOrder ? `safe order: ${c.safeDeployOrder}` : "no deploy order is known to be safe: split the release (expand, deploy, contract) or take downtime";
  return `Rolling update: migrations first (old code on the new schema) ${verdictWord(c.oldCodeNewSchema.safe)}; code first (new code on the old schema) ${verdictWord(c.newCodeOldSchema.safe)}; ${order}`;
}

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
    safe: decision.verdict === true,
    verdict: decision.verdict,
    reason: decision.reason,
    decidedBy: decision.deciding.map(ref),
    alternatives: decision.alternatives,
    score: score.score,
    grade: score.grade,
    deductions: score.deductions.map((d) => ({ points: d.points, reason: d.reason, ...ref(d.finding) })),
    findings: run.findings.map(findingJson),
    corrective: correctives.map((c) => ({ ...ref(c.finding), sql: c.sql ?? null, note: c.note })),
    evidence: run.assessment.evidence,
    codeEvidence: codeEvidenceJson(run.assessment.codeEvidence),
    unanalysed: decision.unanalysed.map((u) => ({ path: u.path, line: u.range?.start.line ?? null, kind: u.kind, why: u.why })),
    compatibility: compatibilityJson(run.assessment.compatibility),
    runbook: { path: run.runbook.path, steps: run.runbook.steps.map((s) => ({ title: s.title, detail: s.detail, commands: s.commands, urls: s.urls ?? [] })), note: run.runbook.note },
    timeline: run.timeline.map((t) => ({ from: t.from, to: t.to, sha: t.sha, migrations: t.migrations, path: t.path, score: t.score, grade: t.grade, verdict: t.verdict })),
    ...(run.span ? { upgrade: run.span } : {}),
    problems: run.problems.map((p) => ({ path: p.path, message: p.message, severity: p.severity === "warning" ? "warn" : "error" })),
    ...(run.signoff ? { signoff: run.signoff } : {}),
  };
}

export type ReportDocument = ReturnType<typeof reportDocument>;

/** Per breaking finding, what the previous release's code schema says of it (the report's and the artifact's `codeEvidence`). */
export function codeEvidenceJson(items: readonly CodeEvidence[]) {
  return items.map((e) => ({ ruleId: e.finding.ruleId, at: `${e.finding.path}:${e.finding.range.start.line}`, path: e.finding.path, line: e.finding.range.start.line, cleared: e.cleared, because: e.because }));
}

/** The compatibility verdicts as JSON (the report's `compatibility`, the artifact's too). */
export function compatibilityJson(c: Compatibility) {
  const direction = (d: Compatibility["oldCodeNewSchema"]) => ({ safe: d.safe, deployOrder: d.deployOrder, assumes: d.assumes, reasons: d.reasons.map(reasonJson) });
  return { rollbackSafe: c.rollbackSafe, rollingUpdateSafe: c.rollingUpdateSafe, oldCodeNewSchema: direction(c.oldCodeNewSchema), newCodeOldSchema: direction(c.newCodeOldSchema), safeDeployOrder: c.safeDeployOrder };
}

/** `{ verdict, at: "path:line", path, line, ruleId, message }`: `at` names the statement for a person, the rest for a program. */
export function reasonJson(r: Compatibility["oldCodeNewSchema"]["reasons"][number]) {
  return { verdict: r.verdict, at: r.line !== undefined ? `${r.path}:${r.line}` : r.path, path: r.path, line: r.line ?? null, ruleId: r.ruleId ?? null, message: r.message };
}
