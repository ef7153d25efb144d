// Who may sign an override off (the configured list, or CODEOWNERS at a ref), and the members of the
// teams among them: shared by the pull-request check and the release report.
import type { SignoffConfig } from "@rollsafe/core";
import { describeApprovers, parseApprover, teamKey, type Approver } from "@rollsafe/core/signoff";
import type { SourceProblem } from "@rollsafe/parser";
import { loadCodeowners, type LoadedCodeowners } from "./codeowners-at.js";
import { GithubApiError, type GithubClient } from "./github-api.js";
import { fetchTeamMembers } from "./github-source.js";

export interface Allowed {
  list: Approver[];
  description: string;
  /** Why nobody may approve (CODEOWNERS names no owner, or there is no CODEOWNERS file). */
  none?: string;
}

/** Who may sign each directive off: the configured list, or the file's owners in CODEOWNERS at `git.ref`. */
export function approversOf<D extends { repoPath: string }>(config: SignoffConfig, directives: readonly D[], git: { root: string; ref: string; refName: string }, cwd: string, problems: SourceProblem[]): Map<D, Allowed> {
  const result = new Map<D, Allowed>();
  if (config.approvers !== "codeowners") {
    const list = config.approvers.map((spec) => parseApprover(spec)!);
    for (const d of directives) result.set(d, { list, description: describeApprovers(list) });
    return result;
  }
  const codeowners: LoadedCodeowners = loadCodeowners(git.root, git.ref, git.refName, cwd);
  problems.push(...codeowners.problems);
  for (const d of directives) {
    const owners = codeowners.ownersOf(d.repoPath);
    const description = `a code owner of ${d.repoPath}${owners.list.length > 0 ? ` (${describeApprovers(owners.list)})` : ""}`;
    result.set(d, { list: owners.list, description, ...(owners.none ? { none: owners.none } : {}) });
  }
  return result;
}

/** The members of the teams among `approvers`, from the offline file or the API; a failure is kept as `{ error }`. */
export async function readTeams(approvers: readonly Approver[], source: { offline: ReadonlyMap<string, ReadonlySet<string>> } | { client: GithubClient }, into: Map<string, ReadonlySet<string> | { error: string }>): Promise<void> {
  for (const team of approvers) {
    if (team.kind !== "team") continue;
    const key = teamKey(team.org, team.slug);
    if (into.has(key)) continue;
    if ("offline" in source) {
      into.set(key, source.offline.get(key) ?? { error: "the --offline-signoff file lists no members for it (teams)" });
      continue;
    }
    try {
      into.set(key, await fetchTeamMembers(source.client, team.org, team.slug));
    } catch (error) {
      if (!(error instanceof GithubApiError)) throw error;
      into.set(key, { error: error.message });
    }
  }
}
