// A file's text as a commit has it.
import { runGit } from "./run-git.js";

/** `git show <commit>:<path>` (path relative to the repository root, forward slashes). */
export function fileAtCommit(root: string, commit: string, path: string): string {
  return runGit(["show", `${commit}:${path}`], root);
}
