// A ref from the command line, the configuration or a command's output, checked before it reaches
// git or a placeholder: it must be a valid ref name or a full commit id, and never look like an option.
import { GitCommandError, runGit } from "@rollsafe/core";

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Why the ref is refused, or undefined when it is acceptable: a full hex commit id (SHA-1 or
 * SHA-256), or a name `git check-ref-format --allow-onelevel` accepts (`v1.4.0`, `main`,
 * `release/1.4`, `HEAD`). Revision expressions (`v1.4.0~1`, `HEAD^`, `@{-1}`, `a..b`) are not refs and
 * are refused; a ref starting with `-` is refused before git sees it (`--upload-pack=x`).
 */
export function refProblem(cwd: string, ref: string): string | undefined {
  if (ref === "") return "it is empty";
  if (ref.startsWith("-")) return "it starts with -, which git would read as an option";
  if (/[\0\r\n]/.test(ref)) return "it contains a line break or NUL";
  if (FULL_SHA.test(ref)) return undefined;
  try {
    runGit(["check-ref-format", "--allow-onelevel", ref], cwd);
    return undefined;
  } catch (error) {
    if (error instanceof GitCommandError) return "it is not a valid ref name (git check-ref-format): use a tag, a branch or a full commit id";
    throw error;
  }
}
