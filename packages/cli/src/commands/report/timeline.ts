// The releases between the range's ends, each scored on its own (with the code evidence of the release
// before it, like the report): the HTML report's timeline.
import { relative, resolve } from "node:path";
import { assessRelease, lintMigrationSets, newCodeOldSchemaCollector, repoPath, tagsBetween, treeEntries, type Compatibility, type Grade, type LintOptions, type RefAt, type ReleaseLint, type RepoLayout, type RollbackPath, type UnanalysedStatement, type Verdict, type CodeSchema } from "@rollsafe/core";
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
  /** Whether the release before runs against this release's schema (tri-state). */
  verdict: Verdict;
  compatibility: Compatibility;
  /** The release's migrations (display paths), in the order they apply. */
  paths: string[];
}

/** At most this many releases are scored (the newest ones). */
export const TIMELINE_LIMIT = 30;

/**
 * One entry per release in from..to: a tag between them ends a release, the range's end ends the last
 * one. All releases are scored in one lint of the range's end: each migration belongs to the release
 * whose tag first has its file (the engine's `units`), so a table created in an earlier release is
 * existing in a later one. (A migration edited between releases is scored as it stands at the end.)
 */
export async function releaseTimeline(
  layout: RepoLayout,
  range: { from: RefAt; to: RefAt },
  last: ReleaseLint,
  options: Omit<LintOptions, "newPaths" | "cwd">,
  limit = TIMELINE_LIMIT,
  unreadable: readonly UnanalysedStatement[] = [],
  codeSchemaAt?: (release: RefAt) => Promise<CodeSchema | undefined>,
): Promise<TimelineEntry[]> {
  const points: RefAt[] = [range.from];
  for (const { tag, commit } of tagsBetween(layout.root, range.from.sha, range.to.sha)) {
    if (commit !== range.to.sha && commit !== points[points.length - 1]!.sha) points.push({ ref: tag, sha: commit });
  }
  points.push(range.to);
  const first = Math.max(0, points.length - 1 - limit);
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
  const newCode = newCodeOldSchemaCollector();
  const lint = lintMigrationSets(snapshot.sets, { ...options, cwd: snapshot.cwd, units, onStatement: newCode.onStatement });
  // A file that could not be read belongs to the release whose tag first has it; an older one, to all.
  const unreadableIn = (k: number) =>
    unreadable.filter((u) => {
      const at = fileSets.findIndex((files) => files.has(relative(snapshot.base, resolve(snapshot.cwd, u.path)).split("\\").join("/")));
      return at <= 0 || at === k;
    });
  const entries: TimelineEntry[] = [];
  for (let k = 1; k < fileSets.length; k++) {
    const checked = all.filter((m) => releaseOf.get(m) === k);
    const paths = new Set(checked.map((m) => m.path));
    const mine = <T extends { path: string }>(items: readonly T[]) => items.filter((i) => paths.has(i.path));
    const unanalysed = [...mine(lint.unanalysed), ...unreadableIn(k)];
    const [a, b] = [points[first + k - 1]!, points[first + k]!];
    const findings = mine(lint.findings);
    // Each step follows the code of the release before it, as the report does; read only where a break needs it.
    const codeSchema = codeSchemaAt && findings.some((f) => f.severity !== "note" && f.categories.includes("breaking")) ? await codeSchemaAt(a) : undefined;
    const assessment = assessRelease({ sets: snapshot.sets, checked, findings, unanalysed, newCodeIssues: mine(newCode.issues), correctives: false, ...(codeSchema ? { codeSchema } : {}) });
    const { path, verdict } = assessment.decision;
    entries.push({ from: a.ref, to: b.ref, sha: b.sha, migrations: checked.length, path, score: assessment.score.score, grade: assessment.score.grade, verdict, compatibility: assessment.compatibility, paths: checked.map((m) => m.path) });
  }
  return entries;
}
