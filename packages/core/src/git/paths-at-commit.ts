// Which files a commit holds under some folders.
import { nulFields, runGit } from "./run-git.js";

/** `git ls-tree -r --name-only` under `paths` (relative to the repository root; `.` for all of it). */
export function pathsAtCommit(root: string, commit: string, paths: readonly string[]): Set<string> {
  if (paths.length === 0) return new Set();
  return new Set(nulFields(runGit(["ls-tree", "-r", "--name-only", "-z", commit, "--", ...paths], root)));
}
