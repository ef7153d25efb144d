// A ref given on the command line, checked and turned into a commit id.
import { ConfigError } from "../config.js";
import { GitCommandError, runGit } from "./run-git.js";

/**
 * The commit a ref names (`git rev-parse --verify --quiet <ref>^{commit}`). A ref starting with `-`
 * is refused before git sees it, so it can never be read as an option.
 */
export function resolveCommit(root: string, ref: string, flag: string): string {
  if (ref === "" || ref.startsWith("-") || /[\0\n]/.test(ref)) throw new ConfigError(`${flag}: "${ref}" is not a valid git ref`);
  try {
    return runGit(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], root).trim();
  } catch (error) {
    if (error instanceof GitCommandError) throw new ConfigError(`${flag}: "${ref}" does not name a commit in ${root} (in CI, fetch the history: actions/checkout with fetch-depth: 0)`);
    throw error;
  }
}
