// Whether an override directive is signed off: pure, from facts the CLI has gathered (the lines'
// last changes from git, the reviews and team members from GitHub or an offline file).
import type { Approval } from "../finding.js";
import { sameLogin, teamKey, type Approver } from "./approvers.js";
import { standingReviews, type Review } from "./reviews.js";

/** A commit of the pull request that last changed one of the directive's lines. */
export interface DirectiveChange {
  /** Undefined: the line has changes that are not committed (they cannot have been reviewed). */
  commit: string | undefined;
  /** The commit's committer date, in seconds since the epoch (compared with undated-commit approvals only). */
  committedAt: number;
}

export interface SignoffFacts {
  /** The pull request's author, who cannot sign their own override off. */
  author: string;
  reviews: readonly Review[];
  /** Members of each team an approver list names, by `teamKey`; `{ error }` when they could not be read. */
  teams: ReadonlyMap<string, ReadonlySet<string> | { error: string }>;
  /**
   * For each commit a review was submitted on: the commits of the pull request it contains (reachable
   * from it, not from the merge base). A review commit missing here is not in this repository.
   */
  reviewCommits: ReadonlyMap<string, ReadonlySet<string>>;
}

export type SignoffVerdict = { signed: true; approval: Approval } | { signed: false; detail: string };

/**
 * Signed when a reviewer's standing review approves, the reviewer is not the author, an approver entry
 * allows them, and the review covers every commit that last changed the directive's lines (it was
 * submitted on a head containing them: a later push makes it stale, as GitHub's "dismiss stale
 * approvals" does). The latest such approval is the one shown.
 */
export function decideSignoff(approvers: readonly Approver[], changes: readonly DirectiveChange[], facts: SignoffFacts): SignoffVerdict {
  const approvals = [...standingReviews(facts.reviews).values()].filter((r) => r.state === "APPROVED");
  if (approvals.length === 0) return { signed: false, detail: "no reviewer approves the pull request." };
  const byAuthor: string[] = [];
  const notAllowed: string[] = [];
  const stale: string[] = [];
  const teamErrors = new Set<string>();
  let signed: Approval | undefined;
  for (const review of approvals) {
    if (sameLogin(review.login, facts.author)) {
      byAuthor.push(review.login);
      continue;
    }
    const via = allowingEntry(approvers, review.login, facts.teams, teamErrors);
    if (via === undefined) notAllowed.push(`@${review.login}`);
    else if (!covers(review, changes, facts.reviewCommits)) stale.push(`@${review.login}'s approval (${describeReview(review)})`);
    else signed = { login: review.login, submittedAt: review.submittedAt, via };
  }
  if (signed) return { signed: true, approval: signed };
  const detail: string[] = [];
  if (byAuthor.length > 0) detail.push(`@${byAuthor[0]} approved, but is the pull request's author.`);
  if (notAllowed.length > 0) detail.push(`${list(notAllowed)} approved, but ${notAllowed.length === 1 ? "is not" : "are not"} among the approvers.`);
  if (stale.length > 0) detail.push(`${list(stale)} predate${stale.length === 1 ? "s" : ""} the last change to this line.`);
  for (const error of teamErrors) detail.push(error);
  return { signed: false, detail: detail.join(" ") };
}

/** The approver entry that allows a login, or undefined. Teams whose members could not be read are noted. */
function allowingEntry(approvers: readonly Approver[], login: string, teams: SignoffFacts["teams"], teamErrors: Set<string>): string | undefined {
  for (const approver of approvers) {
    if (approver.kind === "user" && sameLogin(approver.login, login)) return approver.spec;
    if (approver.kind !== "team") continue;
    const members = teams.get(teamKey(approver.org, approver.slug));
    if (members === undefined) continue;
    if ("error" in members) teamErrors.add(`The members of ${approver.spec} cannot be read: ${members.error}`);
    else if (members.has(login.toLowerCase())) return approver.spec;
  }
  return undefined;
}

/**
 * Whether a review was given on a head that contains every change (or, without a commit, after them).
 * No changes: nothing to be stale against (the release report reads a merged pull request's standing
 * approvals; their freshness was the pull-request check's business).
 */
function covers(review: Review, changes: readonly DirectiveChange[], reviewCommits: SignoffFacts["reviewCommits"]): boolean {
  if (changes.length === 0) return true;
  if (changes.some((c) => c.commit === undefined)) return false;
  if (review.commit === null) return false;
  if (review.commit !== undefined) {
    const contained = reviewCommits.get(review.commit);
    return contained !== undefined && changes.every((c) => contained.has(c.commit!));
  }
  const at = review.submittedAt === undefined ? Number.NaN : Date.parse(review.submittedAt) / 1000;
  return !Number.isNaN(at) && changes.every((c) => at > c.committedAt);
}

function describeReview(review: Review): string {
  const on = review.commit ? `on ${review.commit.slice(0, 7)}` : review.commit === null ? "on a commit no longer in the branch" : undefined;
  return [review.submittedAt, on].filter(Boolean).join(", ") || "undated";
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
