// A ref given on the command line, checked and turned into a commit id.
import { ConfigError } from "../config.js";
import { GitCommandError, runGit } from "./run-git.js";

/**
 * The commit a ref names (`git rev-parse --verify --quiet <ref>^{commit}`). A ref starting with `-`
 * is refused before git sees it, so it can never be read as an option.
 */
export function resolveCommit(root: string, ref: string, flag: string): string {
  if (ref === "" || ref.startsWith("-") || /[\0\n]/.test(ref)) throw new ConfigError(`${flag}: "${ref}" is not a valid git ref`);
  refuseAmbiguous(root, ref, flag);
  try {
    return runGit(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], root).trim();
  } catch (error) {
    if (error instanceof GitCommandError) throw new ConfigError(`${flag}: "${ref}" does not name a commit in ${root} (in CI, fetch the history: actions/checkout with fetch-depth: 0)`);
    throw error;
  }
}

/**
 * A name that is both a tag and a branch, on different commits: git picks the tag with only a warning
 * on stderr, so `--to main` could roll back to a tag someone named `main`. Refused: say which one.
 */
function refuseAmbiguous(root: string, ref: string, flag: string): void {
  if (ref.startsWith("refs/")) return;
  let lines: string[];
  try {
    // %(*objectname) is an annotated tag's commit; empty for a branch or a lightweight tag.
    lines = runGit(["for-each-ref", "--format=%(refname) %(*objectname) %(objectname)", `refs/tags/${ref}`, `refs/heads/${ref}`], root).trim().split("\n").filter(Boolean);
  } catch {
    return;
  }
  const commits = new Map(lines.map((line) => {
    const [name, peeled, object] = line.split(" ");
    return [name!, peeled || object!] as const;
  }));
  const tag = commits.get(`refs/tags/${ref}`);
  const branch = commits.get(`refs/heads/${ref}`);
  if (tag && branch && tag !== branch) {
    throw new ConfigError(`${flag}: "${ref}" is both a tag (${tag.slice(0, 12)}) and a branch (${branch.slice(0, 12)}): say which one with refs/tags/${ref} or refs/heads/${ref}`);
  }
}
