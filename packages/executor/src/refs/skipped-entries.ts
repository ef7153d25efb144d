// A deploy history read at `[1].headSha` skips its newest entry because that entry is the release that
// went bad. When it is not (the bad deploy is not in the history yet, or the history lists something
// else first), `[1]` is two releases back: the lookup checks that an entry it skipped is the current
// release, and says which entry it took.
import { ConfigError, GitCommandError, runGit, type RefAt } from "@rollsafe/core";
import { refProblem } from "./check-ref.js";
import { atJsonPath } from "./json-path.js";

export interface SkippedEntries {
  /** The entry taken, as the user counts them ("entry 2 of 3"). */
  taken: string;
  /** Which skipped entry is the current release. */
  current: string;
}

/**
 * Undefined when the path takes no later entry of a list (`release.tag`, `[0].headSha`); otherwise
 * which entry was taken and which skipped one is `from`. Throws (a usage error) when no skipped entry
 * is the current release.
 */
export function checkSkippedEntries(json: unknown, jsonPath: string, from: RefAt, root: string): SkippedEntries | undefined {
  const parts = jsonPath.replace(/\[(\d+)\]/g, ".$1").split(".").filter((p) => p !== "");
  // The first part that indexes a list: the entries before it are the ones skipped.
  let at: unknown = json;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (Array.isArray(at) && /^\d+$/.test(part)) {
      const index = Number(part);
      if (index === 0) return undefined;
      const prefix = parts.slice(0, i);
      const rest = parts.slice(i + 1);
      const entryPath = (n: number) => [...prefix, String(n)].join(".") + (rest.length > 0 ? `.${rest.join(".")}` : "");
      const skipped = Array.from({ length: index }, (_, n) => ({ n, value: atJsonPath(json, entryPath(n)) }));
      const current = skipped.find((s) => typeof s.value === "string" && commitOf(root, s.value) === from.sha);
      const taken = `entry ${index + 1} of ${at.length} (${jsonPath})`;
      if (!current) {
        const seen = skipped.map((s) => `${entryPath(s.n)} = ${typeof s.value === "string" ? JSON.stringify(s.value) : "nothing"}`).join(", ");
        throw new ConfigError(`rollback: the rollback.previousRelease command's output skips ${seen}, but none of it is the current release ${from.ref} (${from.sha.slice(0, 12)}): ${jsonPath} would not be the release before it (two releases back, or more). Check the deploy history, then pass --to <ref>`);
      }
      return { taken, current: `entry ${current.n + 1}, the current release ${from.ref}` };
    }
    if (at !== null && typeof at === "object" && Object.hasOwn(at, part)) at = (at as Record<string, unknown>)[part];
    else return undefined;
  }
  return undefined;
}

/** The commit a printed value names, or undefined (not a ref, or not in this repository). */
function commitOf(root: string, value: string): string | undefined {
  if (refProblem(root, value)) return undefined;
  try {
    return runGit(["rev-parse", "--verify", "--quiet", `${value}^{commit}`], root).trim();
  } catch (error) {
    if (error instanceof GitCommandError) return undefined;
    throw error;
  }
}
