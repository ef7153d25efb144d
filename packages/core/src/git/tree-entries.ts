// The files a commit holds under a folder, with their blob ids (files that did not change share them).
import { nulFields, runGit } from "./run-git.js";

export interface TreeEntry {
  /** Relative to the repository root, forward slashes. */
  path: string;
  blob: string;
}

/**
 * `git ls-tree -r -z <commit> -- <dir>` (dir relative to the repository root; `.` for all of it).
 * Only regular files: symbolic links and submodules are not migrations.
 */
export function treeEntries(root: string, commit: string, dir: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const line of nulFields(runGit(["ls-tree", "-r", "-z", "--full-tree", commit, "--", dir], root))) {
    const tab = line.indexOf("\t");
    const [mode, type, blob] = line.slice(0, tab).split(" ");
    if (type === "blob" && blob && (mode === "100644" || mode === "100755")) entries.push({ path: line.slice(tab + 1), blob });
  }
  return entries;
}
