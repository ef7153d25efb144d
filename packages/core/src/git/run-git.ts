// Runs one git command: an argv array (never a shell string), read-only by construction of the callers.
import { execFileSync } from "node:child_process";
import { ConfigError } from "../config.js";

/** A git command that exited non-zero: its exit status and what it printed on stderr. */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly status: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed${status === null ? "" : ` (exit ${status})`}: ${stderr.trim().split("\n")[0] ?? ""}`);
  }
}

/**
 * The command's stdout. `GIT_OPTIONAL_LOCKS=0` keeps even `git diff` from refreshing the index file,
 * so nothing in the repository is written; `GIT_LITERAL_PATHSPECS=1` reads paths as paths, not glob
 * patterns. A missing git is a usage error (exit 2).
 */
export function runGit(args: readonly string[], cwd: string): string {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 1024 * 1024 * 1024,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_LITERAL_PATHSPECS: "1", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { status?: number | null; stderr?: string };
    if (e.code === "ENOENT") throw new ConfigError("this command needs git, and no git command was found on PATH");
    throw new GitCommandError(args, e.status ?? null, typeof e.stderr === "string" ? e.stderr : "");
  }
}

/** Splits `-z` output into its fields (the last NUL ends the last field). */
export function nulFields(output: string): string[] {
  const fields = output.split("\0");
  if (fields.at(-1) === "") fields.pop();
  return fields;
}
