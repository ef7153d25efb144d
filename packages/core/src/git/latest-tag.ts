// The newest tag a commit can reach: the default start of `rollsafe report`'s range.
import { ConfigError } from "../config.js";
import { GitCommandError, runGit } from "./run-git.js";

/** `git describe --tags --abbrev=0 <commit>`; no tag reachable is a usage error (exit 2). */
export function latestTag(root: string, commit: string): string {
  try {
    return runGit(["describe", "--tags", "--abbrev=0", commit], root).trim();
  } catch (error) {
    if (error instanceof GitCommandError) throw new ConfigError("report: no tag is reachable from HEAD: give the range (rollsafe report <from>..<to>)");
    throw error;
  }
}
