// The CODEOWNERS file of the pull request's target branch (`<ref>`), as GitHub uses it: the base's
// file, so a pull request cannot make its own author an owner.
import { join, relative } from "node:path";
import { CODEOWNERS_LOCATIONS, ownersOf, parseCodeowners, type Approver, type Codeowners } from "@rollsafe/core/signoff";
import { fileAtCommit, pathsAtCommit } from "@rollsafe/core";
import type { SourceProblem } from "@rollsafe/parser";

export interface LoadedCodeowners {
  problems: SourceProblem[];
  ownersOf(repoPath: string): { list: Approver[]; none?: string };
}

export function loadCodeowners(root: string, ref: string, refName: string, cwd: string): LoadedCodeowners {
  const present = pathsAtCommit(root, ref, [...CODEOWNERS_LOCATIONS]);
  const path = CODEOWNERS_LOCATIONS.find((p) => present.has(p));
  if (path === undefined) {
    const none = `${refName} has no CODEOWNERS file (${CODEOWNERS_LOCATIONS.join(", ")}).`;
    return { problems: [], ownersOf: () => ({ list: [], none }) };
  }
  const file: Codeowners = parseCodeowners(fileAtCommit(root, ref, path), path);
  const shown = relative(cwd, join(root, path)).split("\\").join("/") || path;
  const problems: SourceProblem[] = file.problems.map((p) => ({ path: shown, severity: "warning", message: `${refName}:${path}:${p.line}:${p.column}: ${p.message}` }));
  return {
    problems,
    ownersOf(repoPath) {
      const { rule, owners } = ownersOf(file, repoPath);
      if (owners.length > 0) return { list: owners };
      return { list: [], none: rule ? `${path} at ${refName} leaves it without owners (line ${rule.line}).` : `${path} at ${refName} names no owner for it.` };
    },
  };
}
