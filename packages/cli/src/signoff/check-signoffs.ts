// `overrides.signoff` in pull-request mode: every override directive the pull request adds or changes
// needs an approving review by an allowed reviewer, given after the directive's last change. Loaded
// with a dynamic import() only when the section is configured, so other runs never load it.
import { realpathSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { blameLines, commitsSince, formatMessage, OVERRIDE_NEEDS_SIGNOFF, ruleDocsUrl, type Finding, type Severity, type SignoffConfig } from "@rollsafe/core";
import { decideSignoff, standingReviews, type DirectiveChange, type Review, type SignoffFacts } from "@rollsafe/core/signoff";
import type { SourceProblem } from "@rollsafe/parser";
import { approversOf, readTeams, type Allowed } from "./approvers-of.js";
import { GithubApiError } from "./github-api.js";
import { fetchReviews, pullRequestContext, type PullRequestContext } from "./github-source.js";
import { readOfflineSignoff } from "./offline-file.js";

export interface SignoffInput {
  config: SignoffConfig;
  severity: Severity;
  /** The run's findings: overridden ones get `approvedBy`; the new findings are returned. */
  findings: readonly Finding[];
  /** Display paths of the migrations the run checked (the pull request's change). */
  checked: ReadonlySet<string>;
  cwd: string;
  git: { root: string; base: string; ref: string; refName: string };
  /** `--offline-signoff <file>`, as given. */
  offline?: string;
  env: NodeJS.ProcessEnv;
  /** The base of the docs links (the run's `docsBaseUrl`). */
  docsBaseUrl: string;
}

/** What the run says about sign-off (JSON `signoff`). */
export interface SignoffSummary {
  required: boolean;
  /** Where the reviews came from; null when none were needed or they could not be read. */
  source: "github" | "offline" | null;
  pullRequest: number | null;
  author: string | null;
  /** Why the reviews could not be read, when they were needed. */
  unavailable: string | null;
  /** Override directives the pull request adds or changes, and how many of them are signed off. */
  directives: number;
  signed: number;
}

export interface SignoffOutcome {
  summary: SignoffSummary;
  findings: Finding[];
  problems: SourceProblem[];
}

interface Directive {
  path: string;
  repoPath: string;
  findings: Finding[];
  changes: DirectiveChange[];
}

export async function checkSignoffs(input: SignoffInput): Promise<SignoffOutcome> {
  const offline = input.offline !== undefined ? readOfflineSignoff(resolve(input.cwd, input.offline), input.offline) : undefined;
  const summary: SignoffSummary = { required: input.config.required === true, source: null, pullRequest: null, author: null, unavailable: null, directives: 0, signed: 0 };
  const outcome: SignoffOutcome = { summary, findings: [], problems: [] };
  const directives = changedDirectives(input);
  summary.directives = directives.length;
  if (directives.length === 0) return outcome;

  const approvers = approversOf(input.config, directives, input.git, input.cwd, outcome.problems);
  const facts = await gatherFacts(input, offline, directives, approvers, summary);
  for (const directive of directives) {
    const allowed = approvers.get(directive)!;
    const verdict = typeof facts === "string" ? undefined : allowed.list.length === 0 ? { signed: false as const, detail: allowed.none ?? "nobody may approve it." } : decideSignoff(allowed.list, directive.changes, facts);
    if (verdict?.signed) {
      summary.signed++;
      for (const finding of directive.findings) finding.overridden!.approvedBy = verdict.approval;
      continue;
    }
    const data = { change: describeChange(directive.changes), approvers: allowed.description, ...(verdict ? { detail: verdict.detail } : { reason: facts as string }) };
    outcome.findings.push(needsSignoff(directive, input.severity, verdict ? "default" : "unavailable", data, input.docsBaseUrl));
  }
  return outcome;
}

/** The directives of the checked files, and the commits of the pull request that changed their lines. */
function changedDirectives(input: SignoffInput): Directive[] {
  const byKey = new Map<string, Directive>();
  for (const finding of input.findings) {
    const range = finding.overridden?.directive;
    if (!range || !input.checked.has(finding.path)) continue;
    finding.overridden!.approvedBy = null;
    const key = `${finding.path}\0${range.start.offset}`;
    const directive = byKey.get(key);
    if (directive) directive.findings.push(finding);
    else byKey.set(key, { path: finding.path, repoPath: "", findings: [finding], changes: [] });
  }
  const byFile = new Map<string, Directive[]>();
  for (const d of byKey.values()) byFile.set(d.path, [...(byFile.get(d.path) ?? []), d]);
  const changed: Directive[] = [];
  for (const [path, list] of byFile) {
    const absolute = realpathSync(resolve(input.cwd, path));
    const repoPath = relative(input.git.root, absolute).split(sep).join("/");
    const lines = list.flatMap((d) => lineNumbers(d.findings[0]!));
    const blamed = blameLines(input.git.root, repoPath, { contents: absolute }, input.git.base, lines);
    for (const directive of list) {
      directive.repoPath = repoPath;
      const seen = new Set<string>();
      for (const line of lineNumbers(directive.findings[0]!)) {
        const blame = blamed.get(line);
        if (!blame || blame.boundary || seen.has(blame.commit ?? "")) continue;
        seen.add(blame.commit ?? "");
        directive.changes.push({ commit: blame.commit, committedAt: blame.committedAt });
      }
      if (directive.changes.length > 0) changed.push(directive);
    }
  }
  return changed;
}

function lineNumbers(finding: Finding): number[] {
  const { start, end } = finding.overridden!.directive!;
  return Array.from({ length: end.line - start.line + 1 }, (_, i) => start.line + i);
}

/** The reviews and what they need (team members, review commits); a string says why they cannot be read. */
async function gatherFacts(input: SignoffInput, offline: ReturnType<typeof readOfflineSignoff> | undefined, directives: readonly Directive[], approvers: Map<Directive, Allowed>, summary: SignoffSummary): Promise<SignoffFacts | string> {
  let author: string;
  let reviews: Review[];
  const teams = new Map<string, ReadonlySet<string> | { error: string }>();
  let context: PullRequestContext | undefined;
  if (offline) {
    summary.source = "offline";
    ({ author, reviews } = offline);
  } else {
    const found = pullRequestContext(input.env);
    if (!found.ok) return (summary.unavailable = found.reason);
    context = found.context;
    summary.source = "github";
    summary.pullRequest = context.number;
    author = context.author;
    try {
      reviews = await fetchReviews(context);
    } catch (error) {
      if (error instanceof GithubApiError) return (summary.unavailable = `the GitHub API could not be read: ${error.message}`);
      throw error;
    }
  }
  summary.author = author;
  const approving = [...standingReviews(reviews).values()].filter((r) => r.state === "APPROVED" && r.login.toLowerCase() !== author.toLowerCase());
  // Team members are read only when someone other than the author approves: nobody else can sign.
  if (approving.length > 0) await readTeams([...approvers.values()].flatMap((a) => a.list), offline ? { offline: offline.teams } : { client: context!.client }, teams);
  const reviewCommits = new Map<string, Set<string>>();
  for (const review of approving) {
    if (typeof review.commit !== "string" || reviewCommits.has(review.commit)) continue;
    const contained = commitsSince(input.git.root, review.commit, input.git.base);
    if (contained) reviewCommits.set(review.commit, contained);
  }
  return { author, reviews, teams, reviewCommits };
}

function describeChange(changes: readonly DirectiveChange[]): string {
  if (changes.some((c) => c.commit === undefined)) return "with changes that are not committed";
  return `last changed in ${changes.map((c) => c.commit!.slice(0, 12)).join(", ")}`;
}

function needsSignoff(directive: Directive, severity: Severity, messageId: "default" | "unavailable", data: Record<string, string>, docsBaseUrl: string): Finding {
  const rule = OVERRIDE_NEEDS_SIGNOFF;
  const range = directive.findings[0]!.overridden!.directive!;
  return {
    ruleId: rule.id,
    category: rule.meta.category,
    categories: [rule.meta.category],
    severity,
    message: formatMessage((rule.meta.messages as Record<string, string>)[messageId]!, data),
    path: directive.path,
    range,
    docsUrl: ruleDocsUrl(rule.id, docsBaseUrl),
  };
}

