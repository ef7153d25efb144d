// The warning for a cache folder that git tracks: lint and verify neither read nor write it, since a
// pull request could commit entries that hide findings or a failing migration (docs/cache.md).
import { relative } from "node:path";
import type { SourceProblem } from "@rollsafe/parser";

export function trackedCacheProblem(cwd: string, location: string): SourceProblem {
  const shown = relative(cwd, location) || ".";
  return { path: shown, severity: "warning", message: `the cache here was neither read nor written: git tracks files in it, and a committed cache could hide findings. Remove them with \`git rm -r --cached ${shown}\`` };
}
