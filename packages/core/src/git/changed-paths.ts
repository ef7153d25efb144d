// The files added or modified since a commit: the working tree against that commit, plus untracked files.
import { nulFields, runGit } from "./run-git.js";

export type ChangeStatus = "added" | "modified";

/**
 * Paths relative to the repository root, with forward slashes. Renames are reported as a deletion and
 * an addition (`--no-renames`): a renamed migration is a new migration to the tool that applies it.
 * Deleted files are left out. Untracked files that are not ignored count as added.
 */
export function changedPaths(root: string, base: string): Map<string, ChangeStatus> {
  const changes = new Map<string, ChangeStatus>();
  const diff = nulFields(runGit(["diff", "--name-status", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", base, "--"], root));
  for (let i = 0; i + 1 < diff.length; i += 2) {
    const status = diff[i]![0];
    const path = diff[i + 1]!;
    if (status === "A") changes.set(path, "added");
    else if (status === "M" || status === "T") changes.set(path, "modified");
  }
  for (const path of nulFields(runGit(["ls-files", "--others", "--exclude-standard", "-z"], root))) changes.set(path, "added");
  return changes;
}
