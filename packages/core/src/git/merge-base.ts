// Where the current branch left the one it will be merged into.
import { ConfigError } from "../config.js";
import { GitCommandError, runGit } from "./run-git.js";

/** `git merge-base HEAD <commit>`; no common ancestor (or no HEAD yet) is a usage error. */
export function mergeBase(root: string, commit: string, flag: string): string {
  try {
    return runGit(["merge-base", "HEAD", commit], root).trim();
  } catch (error) {
    if (error instanceof GitCommandError) throw new ConfigError(`${flag}: HEAD and ${commit.slice(0, 12)} have no common ancestor (a shallow clone? fetch the history: actions/checkout with fetch-depth: 0)`);
    throw error;
  }
}
