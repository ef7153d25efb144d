// `<from>..<to>` on the command line, or the default: the latest tag reachable from HEAD .. HEAD.
import { ConfigError } from "../config.js";
import { latestTag } from "../git/latest-tag.js";
import { resolveCommit } from "../git/resolve-commit.js";

export interface RefAt {
  /** As given (or found): `v1.4.0`, `HEAD`. */
  ref: string;
  /** The commit id. */
  sha: string;
}

export interface ReleaseRange {
  from: RefAt;
  to: RefAt;
}

/**
 * `a..b`, `a..` or `a` (to HEAD), `..b` (from the latest tag before b), or undefined: the latest tag
 * reachable from HEAD .. HEAD (the tag before it when HEAD itself is tagged).
 */
export function resolveRange(root: string, range: string | undefined): ReleaseRange {
  let fromRef: string | undefined;
  let toRef = "HEAD";
  if (range !== undefined) {
    if (range.includes("...")) throw new ConfigError(`report: "${range}": use two dots, <from>..<to>`);
    const dots = range.indexOf("..");
    if (dots < 0) fromRef = range;
    else {
      fromRef = range.slice(0, dots) || undefined;
      toRef = range.slice(dots + 2) || "HEAD";
    }
  }
  const to = { ref: toRef, sha: resolveCommit(root, toRef, "report") };
  if (fromRef === undefined) {
    // When the end is itself tagged (the release was just tagged), the range starts at the tag before it.
    fromRef = latestTag(root, to.sha);
    if (resolveCommit(root, fromRef, "report") === to.sha) fromRef = latestTag(root, `${to.sha}^`);
  }
  const from = { ref: fromRef, sha: resolveCommit(root, fromRef, "report") };
  return { from, to };
}
