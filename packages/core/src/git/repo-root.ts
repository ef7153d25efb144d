// The top folder of the git repository holding a folder.
import { ConfigError } from "../config.js";
import { GitCommandError, runGit } from "./run-git.js";

/** `git rev-parse --show-toplevel`; "not a git repository" is a usage error (exit 2). */
export function repoRoot(cwd: string): string {
  try {
    return runGit(["rev-parse", "--show-toplevel"], cwd).trim();
  } catch (error) {
    if (error instanceof GitCommandError) {
      // Say what git said when it is something else (e.g. "detected dubious ownership").
      const said = error.stderr.trim().split("\n")[0] ?? "";
      throw new ConfigError(/not a git repository/i.test(said) || said === "" ? `--changed-since: ${cwd} is not inside a git repository` : `--changed-since: git cannot read the repository of ${cwd}: ${said}`);
    }
    throw error;
  }
}
