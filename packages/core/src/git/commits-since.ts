// The commits a commit contains since the merge base: what a review given on that commit has seen.
import { GitCommandError, runGit } from "./run-git.js";

/**
 * `git rev-list <commit> ^<base>`. Undefined when the repository does not have the commit (a head that
 * was force-pushed away, or a clone without the pull request's history). Only full commit ids are
 * accepted: the id comes from an API answer and must never reach git as an option.
 */
export function commitsSince(root: string, commit: string, base: string): Set<string> | undefined {
  if (!/^[0-9a-f]{40}$/.test(commit)) return undefined;
  try {
    return new Set(runGit(["rev-list", commit, `^${base}`], root).split("\n").filter(Boolean));
  } catch (error) {
    if (error instanceof GitCommandError) return undefined;
    throw error;
  }
}
