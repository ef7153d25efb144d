// The releases between the range's ends, each scored on its own: the HTML report's timeline.
import { assessRelease, lintMigrationSets, type Grade, type LintOptions, type RollbackPath } from "@rollsafe/core";
import { tagsBetween } from "../../git/tags-between.js";
import type { RefAt } from "./range.js";
import { checkedMigrations, type ReleaseLint } from "./release-lint.js";
import { snapshotAt, type RepoLayout, type Snapshot } from "./snapshot.js";

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

/** At most this many releases are scored (the newest ones); each costs one lint run. */
export const TIMELINE_LIMIT = 30;

/**
 * One entry per release in from..to: a tag between them ends a release, the range's end ends the last
 * one. Files read for one release are reused by the next (blobs are cached by id); with no tag in
 * between, the one release is the report's own lint.
 */
export function releaseTimeline(layout: RepoLayout, range: { from: RefAt; to: RefAt }, last: ReleaseLint, scratch: string, blobs: Map<string, Buffer>, options: Omit<LintOptions, "newPaths" | "cwd">): TimelineEntry[] {
  const points: RefAt[] = [range.from];
  for (const { tag, commit } of tagsBetween(layout.root, range.from.sha, range.to.sha)) {
    if (commit !== range.to.sha && commit !== points[points.length - 1]!.sha) points.push({ ref: tag, sha: commit });
  }
  points.push(range.to);
  const first = Math.max(0, points.length - 1 - TIMELINE_LIMIT);
  const entries: TimelineEntry[] = [];
  let previous: Snapshot | undefined;
  for (let i = first + 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const before = previous?.commit === a.sha ? previous : snapshotAt(layout, a.sha, scratch, blobs);
    let release: ReleaseLint;
    if (i === points.length - 1 && a.sha === range.from.sha) release = last;
    else {
      const after = snapshotAt(layout, b.sha, scratch, blobs);
      const checked = checkedMigrations(after, before.files);
      release = { snapshot: after, checked, lint: lintMigrationSets(after.sets, { ...options, cwd: after.cwd, newPaths: checked.paths }) };
    }
    const assessment = assessRelease({ sets: release.snapshot.sets, checked: release.checked.migrations, findings: release.lint.findings });
    entries.push({ from: a.ref, to: b.ref, sha: b.sha, migrations: release.checked.migrations.length, path: assessment.decision.path, score: assessment.score.score, grade: assessment.score.grade });
    previous = release.snapshot;
  }
  return entries;
}
