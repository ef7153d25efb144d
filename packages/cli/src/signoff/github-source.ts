// The pull request and its reviews on GitHub Actions: the repository from GITHUB_REPOSITORY, the
// number and author from the event file at GITHUB_EVENT_PATH, the reviews and team members from the
// REST API at GITHUB_API_URL with GITHUB_TOKEN. Anything missing is a reason the check cannot run,
// worded so the reader knows which of them it was.
import { readFileSync } from "node:fs";
import { REVIEW_STATES, type Review, type ReviewState } from "@rollsafe/core/signoff";
import { DEFAULT_GITHUB_API_URL, getAllPages, type GithubClient } from "./github-api.js";

export interface RepositoryContext {
  client: GithubClient;
  owner: string;
  repo: string;
}

export interface PullRequestContext extends RepositoryContext {
  number: number;
  author: string;
}

export type ContextResult = { ok: true; context: PullRequestContext } | { ok: false; reason: string };

/** The repository (GITHUB_REPOSITORY), the token (GITHUB_TOKEN) and the API (GITHUB_API_URL). */
export function repositoryContext(env: NodeJS.ProcessEnv): { ok: true; context: RepositoryContext } | { ok: false; reason: string } {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || rest.length > 0) return { ok: false, reason: env.GITHUB_REPOSITORY ? `GITHUB_REPOSITORY="${env.GITHUB_REPOSITORY}" is not <owner>/<repository>` : "GITHUB_REPOSITORY is not set" };
  if (!env.GITHUB_TOKEN) return { ok: false, reason: "GITHUB_TOKEN is not set: give the step the workflow's token (env: GITHUB_TOKEN: ${{ github.token }})" };
  const apiUrl = (env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]/.test(apiUrl)) return { ok: false, reason: `GITHUB_API_URL="${env.GITHUB_API_URL}" is not an http(s) URL` };
  return { ok: true, context: { client: { apiUrl, token: env.GITHUB_TOKEN }, owner, repo } };
}

export function pullRequestContext(env: NodeJS.ProcessEnv): ContextResult {
  const eventPath = env.GITHUB_EVENT_PATH;
  const other = "on another CI system, pass its approvals with --offline-signoff <file>";
  if (!eventPath) return { ok: false, reason: `not in a pull request: GITHUB_EVENT_PATH is not set (rollsafe reads the pull request from the GitHub Actions event file; ${other})` };
  let event: { pull_request?: { number?: unknown; user?: { login?: unknown } | null } };
  try {
    event = JSON.parse(readFileSync(eventPath, "utf8")) as typeof event;
  } catch (error) {
    return { ok: false, reason: `the event file GITHUB_EVENT_PATH=${eventPath} cannot be read: ${(error as Error).message}` };
  }
  const pr = event?.pull_request;
  if (!pr || typeof pr.number !== "number") return { ok: false, reason: `not in a pull request: the workflow event${env.GITHUB_EVENT_NAME ? ` (${env.GITHUB_EVENT_NAME})` : ""} has no pull_request (run the check on pull_request events; ${other})` };
  const author = pr.user?.login;
  if (typeof author !== "string" || author === "") return { ok: false, reason: `the event file ${eventPath} names no author of pull request #${pr.number} (pull_request.user.login)` };
  const repository = repositoryContext(env);
  if (!repository.ok) return repository;
  return { ok: true, context: { ...repository.context, number: pr.number, author } };
}

interface ApiReview {
  user?: { login?: unknown } | null;
  state?: unknown;
  submitted_at?: unknown;
  commit_id?: unknown;
}

/** `GET /repos/{owner}/{repo}/commits/{sha}/pulls`: the merged pull request that brought a commit in (the first listed, merged ones first). */
export async function fetchPullRequestOfCommit(context: RepositoryContext, commit: string): Promise<{ number: number; author: string } | undefined> {
  const pulls = await getAllPages<{ number?: unknown; user?: { login?: unknown } | null; merged_at?: unknown }>(context.client, `/repos/${encodeURIComponent(context.owner)}/${encodeURIComponent(context.repo)}/commits/${commit}/pulls`);
  const usable = pulls.filter((p) => typeof p.number === "number" && typeof p.user?.login === "string");
  const pr = usable.find((p) => typeof p.merged_at === "string") ?? usable[0];
  return pr ? { number: pr.number as number, author: pr.user!.login as string } : undefined;
}

/** `GET /repos/{owner}/{repo}/pulls/{number}/reviews`, every page. Reviews of deleted users are left out. */
export async function fetchReviews(context: RepositoryContext & { number: number }): Promise<Review[]> {
  const path = `/repos/${encodeURIComponent(context.owner)}/${encodeURIComponent(context.repo)}/pulls/${context.number}/reviews`;
  const reviews: Review[] = [];
  for (const item of await getAllPages<ApiReview>(context.client, path)) {
    const login = item.user?.login;
    if (typeof login !== "string" || !REVIEW_STATES.includes(item.state as ReviewState)) continue;
    reviews.push({
      login,
      state: item.state as ReviewState,
      submittedAt: typeof item.submitted_at === "string" ? item.submitted_at : undefined,
      commit: typeof item.commit_id === "string" ? item.commit_id : null,
    });
  }
  return reviews;
}

/** `GET /orgs/{org}/teams/{team_slug}/members`, every page: the members' lower-case logins. */
export async function fetchTeamMembers(client: GithubClient, org: string, slug: string): Promise<Set<string>> {
  const members = await getAllPages<{ login?: unknown }>(client, `/orgs/${encodeURIComponent(org)}/teams/${encodeURIComponent(slug)}/members`);
  return new Set(members.flatMap((m) => (typeof m.login === "string" ? [m.login.toLowerCase()] : [])));
}
