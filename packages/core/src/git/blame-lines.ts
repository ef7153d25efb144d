// Which commit of a branch last changed some lines of a file (`git blame`, read-only).
//
// Why blame: one process per file answers both questions the sign-off check asks about each directive
// line: did the branch change it (a line older than the merge base is a "boundary" line), and which
// commit changed it last. `git diff` would tell only the first; `git log -L` needs one process per line
// range and walks each range's whole history instead of stopping at the merge base.
import { GitCommandError, runGit } from "./run-git.js";

export interface BlamedLine {
  /** The commit that last changed the line; undefined when the working tree's line is not committed. */
  commit: string | undefined;
  /** The commit's committer date (seconds since the epoch). */
  committedAt: number;
  /** True when the line is as old as the merge base or older: the branch did not change it. */
  boundary: boolean;
}

const NOT_COMMITTED = "0".repeat(40);

/**
 * `git blame --porcelain --contents <file> -L a,b ... ^<base> -- <path>`: the working tree's text (so
 * uncommitted edits show as not committed), blamed from HEAD back to the merge base. A file HEAD does
 * not have (untracked, or added and not committed) has no committed line. With `{ commit }`, the file
 * as that commit has it (`git blame ... <commit> ^<base>`: the release report).
 */
export function blameLines(root: string, path: string, source: { contents: string } | { commit: string }, base: string, lines: readonly number[]): Map<number, BlamedLine> {
  const result = new Map<number, BlamedLine>();
  if (lines.length === 0) return result;
  const ranges = [...new Set(lines)].sort((a, b) => a - b).flatMap((line) => ["-L", `${line},${line}`]);
  let output: string;
  try {
    const from = "contents" in source ? ["--contents", source.contents] : [];
    const at = "commit" in source ? [source.commit] : [];
    output = runGit(["blame", "--porcelain", ...from, ...ranges, ...at, `^${base}`, "--", path], root);
  } catch (error) {
    if (error instanceof GitCommandError && /no such path/i.test(error.stderr)) {
      for (const line of lines) result.set(line, { commit: undefined, committedAt: Number.NaN, boundary: false });
      return result;
    }
    throw error;
  }
  const commits = new Map<string, { committedAt: number; boundary: boolean }>();
  let current: { sha: string; line: number } | undefined;
  for (const text of output.split("\n")) {
    const header = /^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$/.exec(text);
    if (header) {
      current = { sha: header[1]!, line: Number(header[2]) };
      if (!commits.has(current.sha)) commits.set(current.sha, { committedAt: Number.NaN, boundary: false });
      continue;
    }
    if (!current) continue;
    const info = commits.get(current.sha)!;
    if (text.startsWith("committer-time ")) info.committedAt = Number(text.slice("committer-time ".length));
    else if (text === "boundary") info.boundary = true;
    else if (text.startsWith("\t")) {
      const sha = current.sha;
      result.set(current.line, { commit: sha === NOT_COMMITTED ? undefined : sha, committedAt: info.committedAt, boundary: info.boundary });
    }
  }
  return result;
}
