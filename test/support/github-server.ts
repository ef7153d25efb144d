// A real HTTP server on 127.0.0.1 that answers like GitHub's REST API, with the documented response
// shapes: a pull request's reviews (paginated through `Link`), a team's members, and errors.
// https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request
// https://docs.github.com/rest/teams/members#list-team-members
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeReview {
  login: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";
  submittedAt: string;
  commit: string | null;
}

export interface FakeGithubOptions {
  owner: string;
  repo: string;
  number: number;
  reviews: FakeReview[];
  /** `org/slug` -> member logins. */
  teams?: Record<string, string[]>;
  /** Commit id -> the pull request that brought it in (`GET /repos/{owner}/{repo}/commits/{sha}/pulls`), as #`number`. */
  pullsOfCommit?: Record<string, { author: string; mergedAt: string | null }>;
  /** Items per page (GitHub pages at most 100; small pages exercise the `Link` header). */
  pageSize?: number;
  /** Answer every request with this error instead. */
  fail?: { status: number; message: string };
  token: string;
}

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  accept: string | undefined;
  apiVersion: string | undefined;
}

export interface FakeGithub {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeGithub(options: FakeGithubOptions): Promise<FakeGithub> {
  const requests: RecordedRequest[] = [];
  let base = "";
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? "", authorization: req.headers.authorization, accept: req.headers.accept, apiVersion: req.headers["x-github-api-version"] as string | undefined });
    answer(req, res, options, base);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function answer(req: IncomingMessage, res: ServerResponse, options: FakeGithubOptions, base: string): void {
  if (options.fail) return json(res, options.fail.status, { message: options.fail.message, documentation_url: "https://docs.github.com/rest", status: String(options.fail.status) });
  if (req.headers.authorization !== `Bearer ${options.token}`) return json(res, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
  const url = new URL(req.url ?? "/", base);
  const reviewsPath = `/repos/${options.owner}/${options.repo}/pulls/${options.number}/reviews`;
  if (url.pathname === reviewsPath) return paged(res, url, base, options, options.reviews.map((r, i) => reviewJson(r, i, options)));
  const commit = new RegExp(`^/repos/${options.owner}/${options.repo}/commits/([0-9a-f]{40})/pulls$`).exec(url.pathname);
  if (commit) {
    const pr = options.pullsOfCommit?.[commit[1]!];
    return paged(res, url, base, options, pr ? [pullJson(options, pr.author, pr.mergedAt)] : []);
  }
  const team = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/members$/.exec(url.pathname);
  const members = team ? options.teams?.[`${team[1]}/${team[2]}`] : undefined;
  if (members) return paged(res, url, base, options, members.map((login, i) => userJson(login, 100 + i)));
  return json(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
}

/** One page of a list, with GitHub's `Link` header (`next`, `last`, `first`, `prev`). */
function paged(res: ServerResponse, url: URL, base: string, options: FakeGithubOptions, items: unknown[]): void {
  const size = Math.min(options.pageSize ?? 100, Number(url.searchParams.get("per_page") ?? 30));
  const page = Number(url.searchParams.get("page") ?? 1);
  const last = Math.max(1, Math.ceil(items.length / size));
  const link = (n: number, rel: string) => {
    const target = new URL(url.pathname, base);
    target.searchParams.set("per_page", String(url.searchParams.get("per_page") ?? 30));
    target.searchParams.set("page", String(n));
    return `<${target.href}>; rel="${rel}"`;
  };
  const links = [...(page < last ? [link(page + 1, "next"), link(last, "last")] : []), ...(page > 1 ? [link(1, "first"), link(page - 1, "prev")] : [])];
  json(res, 200, items.slice((page - 1) * size, page * size), links.length > 0 ? { link: links.join(", ") } : {});
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

function userJson(login: string, id: number) {
  return {
    login,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://github.com/images/error/${login}_happy.gif`,
    gravatar_id: "",
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: "User",
    site_admin: false,
  };
}

/** A pull request as the list endpoints give it (the fields rollsafe reads, and a few around them). */
function pullJson(options: FakeGithubOptions, author: string, mergedAt: string | null) {
  return {
    url: `https://api.github.com/repos/${options.owner}/${options.repo}/pulls/${options.number}`,
    id: 1000 + options.number,
    number: options.number,
    state: mergedAt ? "closed" : "open",
    title: "Drop unused columns",
    user: userJson(author, 2),
    created_at: "2026-03-01T09:00:00Z",
    merged_at: mergedAt,
    merge_commit_sha: null,
    base: { ref: "main" },
    author_association: "MEMBER",
  };
}

function reviewJson(review: FakeReview, index: number, options: FakeGithubOptions) {
  const id = 80 + index;
  const html = `https://github.com/${options.owner}/${options.repo}/pull/${options.number}#pullrequestreview-${id}`;
  return {
    id,
    node_id: `MDE3OlB1bGxSZXF1ZXN0UmV2aWV3${id}`,
    user: userJson(review.login, 1 + index),
    body: review.state === "APPROVED" ? "Looks good." : "Here is the body for the review.",
    state: review.state,
    html_url: html,
    pull_request_url: `https://api.github.com/repos/${options.owner}/${options.repo}/pulls/${options.number}`,
    _links: { html: { href: html }, pull_request: { href: `https://api.github.com/repos/${options.owner}/${options.repo}/pulls/${options.number}` } },
    submitted_at: review.submittedAt,
    commit_id: review.commit,
    author_association: "COLLABORATOR",
  };
}
