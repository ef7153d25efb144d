// A release read from git at its two ends and assessed: the migrations the later ref adds, linted
// against the ones before, and the rollback assessment of them. `rollsafe report` prints it;
// `rollsafe rollback` plans from it. The working tree is never touched.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadParser, type SourceProblem } from "@rollsafe/parser";
import type { Finding } from "../finding.js";
import { treeEntries } from "../git/tree-entries.js";
import { lintMigrationSets, type LintOptions } from "../lint.js";
import { assessRelease, type ReleaseAssessment } from "../report/assess.js";
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
}

/** `range.to` is the later release (the one whose migrations are assessed), `range.from` the one before. */
export async function lintRelease(layout: RepoLayout, range: ReleaseRange, options: Omit<LintOptions, "newPaths" | "cwd">): Promise<LintedRelease> {
  const scratch = mkdtempSync(join(tmpdir(), "rollsafe-release-"));
  try {
    const blobs = new Map<string, Buffer>();
    const filesBefore = new Set(treeEntries(layout.root, range.from.sha, layout.dir).map((e) => e.path));
    const snapshot = snapshotAt(layout, range.to.sha, scratch, blobs);
    const checked = checkedMigrations(snapshot, filesBefore);
    await loadParser();
    const lint = lintMigrationSets(snapshot.sets, { ...options, cwd: snapshot.cwd, newPaths: checked.paths });
    const order = new Map(lint.files.map((f, i) => [f.path, i]));
    const findings = [...lint.findings].sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0) || a.range.start.offset - b.range.start.offset);
    const assessment = assessRelease({ sets: snapshot.sets, checked: checked.migrations, findings });
    const total = snapshot.sets.reduce((n, s) => n + s.migrations.length, 0);
    return { release: { snapshot, checked, lint }, findings, assessment, history: total - checked.migrations.length, problems: snapshot.problems };
  } finally {
    // The snapshot's migrations are held in memory; the files written for the readers are no longer needed.
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The failure class of an assessment, as the runbook's incident note names it. */
export function failureClass(assessment: ReleaseAssessment): string {
  const rules = [...new Set(assessment.decision.deciding.map((f) => f.ruleId))].join(", ");
  switch (assessment.decision.path) {
    case "service-rollback":
      return "code only (no migration)";
    case "schema-compatible-rollback":
      return "code only (expand-only migrations)";
    case "disaster-recovery":
      return `data loss (${rules})`;
    default:
      return `breaking schema change (${rules})`;
  }
}
