// The newest tag a commit can reach: the default start of `rollsafe report`'s range, and the default
// target of `rollsafe rollback`.
import { ConfigError } from "../config.js";
import { GitCommandError, runGit } from "./run-git.js";

export interface LatestTagOptions {
  /** Only tags matching this glob (`git describe --match`), e.g. `v*`. */
  match?: string;
  /** The usage error when no tag is found. */
  notFound?: string;
}

/** `git describe --tags --abbrev=0 [--match <glob>] <commit>`; no tag reachable is a usage error (exit 2). */
export function latestTag(root: string, commit: string, options: LatestTagOptions = {}): string {
  try {
    return runGit(["describe", "--tags", "--abbrev=0", ...(options.match !== undefined ? ["--match", options.match] : []), commit], root).trim();
  } catch (error) {
    if (error instanceof GitCommandError) throw new ConfigError(options.notFound ?? "report: no tag is reachable from HEAD: give the range (rollsafe report <from>..<to>)");
    throw error;
  }
}
