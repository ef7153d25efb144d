// Read-only git, one command per file, argv arrays (never a shell string).
export { runGit, nulFields, GitCommandError } from "./run-git.js";
export { repoRoot } from "./repo-root.js";
export { resolveCommit } from "./resolve-commit.js";
export { latestTag, type LatestTagOptions } from "./latest-tag.js";
export { mergeBase } from "./merge-base.js";
export { changedPaths, type ChangeStatus } from "./changed-paths.js";
export { fileAtCommit } from "./file-at-commit.js";
export { pathsAtCommit } from "./paths-at-commit.js";
export { readBlobs } from "./read-blobs.js";
export { treeEntries, type TreeEntry } from "./tree-entries.js";
export { tracksFiles } from "./tracks-files.js";
export { writeTreeFiles, isSafeTreePath, UnsafeTreePathError } from "./write-tree-files.js";
export { tagsBetween, type TagAt } from "./tags-between.js";
export { blameLines, type BlamedLine } from "./blame-lines.js";
export { commitsSince } from "./commits-since.js";
