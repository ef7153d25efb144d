// The releases between the range's ends, each scored on its own: the HTML report's timeline.
import { resolve } from "node:path";
import { assessRelease, lintMigrationSets, repoPath, tagsBetween, treeEntries, type Grade, type LintOptions, type RefAt, type ReleaseLint, type RepoLayout, type RollbackPath } from "@rollsafe/core";
import type { Migration } from "@rollsafe/parser";

export interface TimelineEntry {
  /** The release before this one, and this one (a tag, or the range's end). */
  from: string;
  to: string;
  sha: string;
  migrations: number;
  path: RollbackPath;
  score: number;
  grade: Grade;
}

/** At most this many releases are scored (the newest ones). */
export const TIMELINE_LIMIT = 30;

/**
 * One entry per release in from..to: a tag between them ends a release, the range's end ends the last
 * one. All releases are scored in one lint of the range's end: each migration belongs to the release
 * whose tag first has its file (the engine's `units`), so a table created in an earlier release is
 * existing in a later one. (A migration edited between releases is scored as it stands at the end.)
 */
export function releaseTimeline(layout: RepoLayout, range: { from: RefAt; to: RefAt }, last: ReleaseLint, options: Omit<LintOptions, "newPaths" | "cwd">): TimelineEntry[] {
  const points: RefAt[] = [range.from];
  for (const { tag, commit } of tagsBetween(layout.root, range.from.sha, range.to.sha)) {
    if (commit !== range.to.sha && commit !== points[points.length - 1]!.sha) points.push({ ref: tag, sha: commit });
  }
  points.push(range.to);
  const first = Math.max(0, points.length - 1 - TIMELINE_LIMIT);
  const snapshot = last.snapshot;
  const all = snapshot.sets.flatMap((s) => s.migrations);
  // The release (1-based, from `first`) in which each migration's file appears.
  const fileSets = points.slice(first).map((p) => (p.sha === snapshot.commit ? snapshot.files : new Set(treeEntries(layout.root, p.sha, layout.dir).map((e) => e.path))));
  const releaseOf = new Map<Migration, number>();
  for (const migration of all) {
    const path = repoPath(snapshot, migration);
    const k = fileSets.findIndex((files) => files.has(path));
    if (k > 0) releaseOf.set(migration, k);
  }
  const units = new Map([...releaseOf].map(([m, k]) => [resolve(snapshot.cwd, m.path), k] as const));
  const lint = lintMigrationSets(snapshot.sets, { ...options, cwd: snapshot.cwd, units });
  const entries: TimelineEntry[] = [];
  for (let k = 1; k < fileSets.length; k++) {
    const checked = all.filter((m) => releaseOf.get(m) === k);
    const paths = new Set(checked.map((m) => m.path));
    const findings = lint.findings.filter((f) => paths.has(f.path));
    const assessment = assessRelease({ sets: snapshot.sets, checked, findings });
    const [a, b] = [points[first + k - 1]!, points[first + k]!];
    entries.push({ from: a.ref, to: b.ref, sha: b.sha, migrations: checked.length, path: assessment.decision.path, score: assessment.score.score, grade: assessment.score.grade });
  }
  return entries;
}
