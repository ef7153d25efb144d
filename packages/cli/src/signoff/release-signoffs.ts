// `rollsafe report` with overrides.signoff configured: who signed off each override of the release.
// Each directive's line was last changed by a commit of the release (`git blame <to> ^<from>`); GitHub
// names the merged pull request that brought that commit in, and its standing approvals are matched
// against the approvers. Freshness (an approval after the last push) was the pull-request check's
// business; the report shows the approval the pull request was merged with. Loaded only when configured.
import { relative, resolve, sep } from "node:path";
import { blameLines, type Finding, type SignoffConfig } from "@rollsafe/core";
import { decideSignoff, standingReviews, type Review } from "@rollsafe/core/signoff";
import type { SourceProblem } from "@rollsafe/parser";
import { approversOf, readTeams } from "./approvers-of.js";
import { GithubApiError } from "./github-api.js";
import { fetchPullRequestOfCommit, fetchReviews, repositoryContext } from "./github-source.js";

export interface ReleaseSignoffInput {
  config: SignoffConfig;
  /** The release's findings (paths relative to `cwd`, the snapshot's working directory). */
  findings: readonly Finding[];
  cwd: string;
  /** The snapshot's folder that stands for the repository root. */
  base: string;
  git: { root: string; from: string; to: string; fromName: string };
  env: NodeJS.ProcessEnv;
}

/** The report's `signoff`: how many of the release's overrides are signed off, or why it was not read. */
export interface ReleaseSignoffSummary {
  directives: number;
  signed: number;
  /** Why the approvals could not be read (no token, an API error); null when they were. */
  unavailable: string | null;
}

interface ReleaseDirective {
  repoPath: string;
  findings: Finding[];
  /** The release's commit that last changed the directive's lines. */
  commit: string;
}

export async function releaseSignoffs(input: ReleaseSignoffInput): Promise<{ summary: ReleaseSignoffSummary; problems: SourceProblem[] }> {
  const directives = releaseDirectives(input);
  const summary: ReleaseSignoffSummary = { directives: directives.length, signed: 0, unavailable: null };
  const problems: SourceProblem[] = [];
  if (directives.length === 0) return { summary, problems };
  const found = repositoryContext(input.env);
  if (!found.ok) return { summary: { ...summary, unavailable: found.reason }, problems };
  const context = found.context;
  // The CODEOWNERS of the release's start: the file the release's pull requests were reviewed against.
  const approvers = approversOf(input.config, directives, { root: input.git.root, ref: input.git.from, refName: input.git.fromName }, input.cwd, problems);
  const pulls = new Map<string, { number: number; author: string; reviews: Review[] } | undefined>();
  const teams = new Map<string, ReadonlySet<string> | { error: string }>();
  try {
    for (const directive of directives) {
      if (!pulls.has(directive.commit)) {
        const pr = await fetchPullRequestOfCommit(context, directive.commit);
        pulls.set(directive.commit, pr ? { ...pr, reviews: await fetchReviews({ ...context, number: pr.number }) } : undefined);
      }
      const pr = pulls.get(directive.commit);
      if (!pr) continue;
      const allowed = approvers.get(directive)!;
      if ([...standingReviews(pr.reviews).values()].some((r) => r.state === "APPROVED")) await readTeams(allowed.list, { client: context.client }, teams);
      const verdict = decideSignoff(allowed.list, [], { author: pr.author, reviews: pr.reviews, teams, reviewCommits: new Map() });
      if (!verdict.signed) continue;
      summary.signed++;
      for (const finding of directive.findings) finding.overridden!.approvedBy = verdict.approval;
    }
  } catch (error) {
    if (!(error instanceof GithubApiError)) throw error;
    for (const finding of directives.flatMap((d) => d.findings)) finding.overridden!.approvedBy = null;
    return { summary: { ...summary, signed: 0, unavailable: `the GitHub API could not be read: ${error.message}` }, problems };
  }
  return { summary, problems };
}

/** The release's override directives and the commit of the release that last changed their lines (one blame per file). */
function releaseDirectives(input: ReleaseSignoffInput): ReleaseDirective[] {
  const byKey = new Map<string, ReleaseDirective & { lines: number[] }>();
  for (const finding of input.findings) {
    const range = finding.overridden?.directive;
    if (!range) continue;
    finding.overridden!.approvedBy = null;
    const key = `${finding.path}\0${range.start.offset}`;
    const known = byKey.get(key);
    if (known) {
      known.findings.push(finding);
      continue;
    }
    const repoPath = relative(input.base, resolve(input.cwd, finding.path)).split(sep).join("/");
    const lines = Array.from({ length: range.end.line - range.start.line + 1 }, (_, i) => range.start.line + i);
    byKey.set(key, { repoPath, findings: [finding], commit: "", lines });
  }
  const byFile = new Map<string, (ReleaseDirective & { lines: number[] })[]>();
  for (const d of byKey.values()) byFile.set(d.repoPath, [...(byFile.get(d.repoPath) ?? []), d]);
  const changed: ReleaseDirective[] = [];
  for (const [repoPath, list] of byFile) {
    const blamed = blameLines(input.git.root, repoPath, { commit: input.git.to }, input.git.from, list.flatMap((d) => d.lines));
    for (const directive of list) {
      const latest = directive.lines.map((l) => blamed.get(l)).filter((b) => b && !b.boundary && b.commit !== undefined).sort((a, b) => b!.committedAt - a!.committedAt)[0];
      if (!latest) continue;
      directive.commit = latest.commit!;
      changed.push(directive);
    }
  }
  return changed;
}
