export { resolveRange, type RefAt, type ReleaseRange } from "./range.js";
export { snapshotAt, repoPath, type RepoLayout, type Snapshot } from "./snapshot.js";
export { checkedMigrations, type CheckedMigrations, type ReleaseLint } from "./release-lint.js";
export { locateRelease, type ReleaseLocation, type LocatedRelease } from "./locate.js";
export { lintRelease, failureClass, type LintedRelease } from "./lint-release.js";
