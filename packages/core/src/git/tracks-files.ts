// Whether git tracks files in a folder. A cache that git tracks came from a commit, not from this
// machine's own runs, and a cache decides verdicts: its readers refuse it.
import { existsSync } from "node:fs";
import { runGit } from "./run-git.js";

/** True when `folder` exists and git tracks a file under it; false outside a repository or without git. */
export function tracksFiles(folder: string): boolean {
  if (!existsSync(folder)) return false;
  try {
    return runGit(["ls-files", "-z", "--", "."], folder).length > 0;
  } catch {
    return false;
  }
}
