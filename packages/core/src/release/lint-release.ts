// A release read from git at its two ends and assessed: the migrations the later ref adds, linted
// against the ones before, and the rollback assessment of them (tri-state verdicts, both directions of
// a rolling update). `rollsafe report` prints it; `rollsafe rollback` plans from it. The working tree
// is never touched.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadParser, type SourceProblem } from "@rollsafe/parser";
import type { Finding } from "../finding.js";
import { treeEntries } from "../git/tree-entries.js";
import { lintMigrationSets, type LintOptions, type UnanalysedStatement } from "../lint.js";
import { assessRelease, type ReleaseAssessment } from "../report/assess.js";
import type { CodeSchema } from "../report/code-schema.js";
import { newCodeOldSchemaCollector } from "../report/compatibility.js";
import { countUnanalysed } from "../report/decide.js";
import type { ReleaseRange } from "./range.js";
import { checkedMigrations, type ReleaseLint } from "./release-lint.js";
import { snapshotAt, type RepoLayout } from "./snapshot.js";

export interface LintedRelease {
  release: ReleaseLint;
  /** The findings on the release's migrations, in migration order. */
  findings: Finding[];
  assessment: ReleaseAssessment;
  /** How many earlier migrations were replayed as history. */
  history: number;
  /** Files at the later ref that could not be read. */
  problems: SourceProblem[];
  /** Those of them that are errors, as statements nothing could analyse. */
  unreadable: UnanalysedStatement[];
}

/**
 * `range.to` is the later release (the one whose migrations are assessed), `range.from` the one
 * before. The later ref's files are written under `scratch` (a temporary folder, removed afterwards,
 * unless the caller gives one and still needs the files). `codeSchema`: the previous release's ORM
 * schema (`range.from`'s), whose evidence clears the breaks the previous code cannot hit.
 */
export async function lintRelease(layout: RepoLayout, range: ReleaseRange, options: Omit<LintOptions, "newPaths" | "cwd">, scratch?: string, codeSchema?: CodeSchema): Promise<LintedRelease> {
  const folder = scratch ?? mkdtempSync(join(tmpdir(), "rollsafe-release-"));
  try {
    const blobs = new Map<string, Buffer>();
    const filesBefore = new Set(treeEntries(layout.root, range.from.sha, layout.dir).map((e) => e.path));
    const snapshot = snapshotAt(layout, range.to.sha, folder, blobs);
    const checked = checkedMigrations(snapshot, filesBefore);
    await loadParser();
    const newCode = newCodeOldSchemaCollector();
    const lint = lintMigrationSets(snapshot.sets, { ...options, cwd: snapshot.cwd, newPaths: checked.paths, onStatement: newCode.onStatement });
    const order = new Map(lint.files.map((f, i) => [f.path, i]));
    const findings = [...lint.findings].sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0) || a.range.start.offset - b.range.start.offset);
    const unreadable = snapshot.problems.filter((p) => p.severity === "error").map((p): UnanalysedStatement => ({ path: p.path, kind: "unreadable", why: `the file could not be read: ${p.message}` }));
    const unanalysed = [...lint.unanalysed, ...unreadable];
    const assessment = assessRelease({ sets: snapshot.sets, checked: checked.migrations, findings, unanalysed, newCodeIssues: newCode.issues, ...(codeSchema ? { codeSchema } : {}) });
    const total = snapshot.sets.reduce((n, s) => n + s.migrations.length, 0);
    return { release: { snapshot, checked, lint }, findings, assessment, history: total - checked.migrations.length, problems: snapshot.problems, unreadable };
  } finally {
    // The snapshot's migrations are held in memory; the files are removed unless the caller owns them.
    if (scratch === undefined) rmSync(folder, { recursive: true, force: true });
  }
}

/** The failure class of an assessment, as the runbook's incident note names it. */
export function failureClass(assessment: ReleaseAssessment): string {
  if (assessment.decision.verdict === "unknown") return `unknown: ${countUnanalysed(assessment.decision.unanalysed)} not analysed`;
  const rules = [...new Set(assessment.decision.deciding.map((f) => f.ruleId))].join(", ");
  switch (assessment.decision.path) {
    case "service-rollback":
      return "code only (no migration)";
    case "schema-compatible-rollback":
      return assessment.codeEvidence.some((e) => e.cleared) ? "code only (the migrations drop only what the previous code no longer uses)" : "code only (expand-only migrations)";
    case "disaster-recovery":
      return `data loss (${rules})`;
    default:
      return `breaking schema change (${rules})`;
  }
}
