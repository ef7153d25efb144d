// A small GitHub REST client over Node's fetch: GET with the token, every page through the `Link`
// header, and errors that say which request failed and what GitHub answered.
// https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

/** A request that failed: its URL, and the HTTP status when there was an answer. */
export class GithubApiError extends Error {
  override name = "GithubApiError";
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`GET ${url} ${detail}`);
  }
}

export interface GithubClient {
  /** The API's base URL (`GITHUB_API_URL`), without a trailing slash. */
  apiUrl: string;
  token: string;
}

/** At most this many pages are read (10,000 items at 100 a page): a `Link` loop cannot run forever. */
const MAX_PAGES = 100;
const TIMEOUT_MS = 30_000;

/**
 * Every item of a paginated list (`path` relative to the API URL, e.g. `/repos/o/r/pulls/1/reviews`).
 * Next pages are followed only on the API's own origin, so the token is never sent elsewhere.
 */
export async function getAllPages<T>(client: GithubClient, path: string): Promise<T[]> {
  const items: T[] = [];
  let url: string | undefined = `${client.apiUrl}${path}${path.includes("?") ? "&" : "?"}per_page=100`;
  const origin = new URL(client.apiUrl).origin;
  for (let page = 0; url !== undefined; page++) {
    if (page === MAX_PAGES) throw new GithubApiError(url, undefined, `was not read: more than ${MAX_PAGES} pages`);
    const response = await get(client, url);
    const body = (await response.json().catch(() => undefined)) as unknown;
    if (!Array.isArray(body)) throw new GithubApiError(url, response.status, "answered with something other than a JSON list");
    items.push(...(body as T[]));
    const next = nextLink(response.headers.get("link"), url);
    if (next !== undefined && new URL(next).origin !== origin) throw new GithubApiError(url, response.status, `answered with a next page on another host (${new URL(next).origin}); not followed`);
    url = next;
  }
  return items;
}

async function get(client: GithubClient, url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: "application/vnd.github+json", Authorization: `Bearer ${client.token}`, "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "rollsafe" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new GithubApiError(url, undefined, `failed: ${cause ?? (error as Error).message}`);
  }
  if (response.ok) return response;
  throw new GithubApiError(url, response.status, `answered ${response.status} ${response.statusText}${await explain(response)}`);
}

/** GitHub's own `message`, and a hint for the answers that have a usual cause. */
async function explain(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { message?: unknown } | undefined;
  const message = typeof body?.message === "string" ? `: ${body.message}` : "";
  if (response.status === 401) return `${message} (is GITHUB_TOKEN a valid token?)`;
  if (response.status === 403 && response.headers.get("x-ratelimit-remaining") === "0") return `${message} (the API rate limit is used up)`;
  if (response.status === 403 || response.status === 404) return `${message} (does the token have access? the workflow needs pull-requests: read; team members need read:org)`;
  return message;
}

/** The `rel="next"` URL of a `Link` header, resolved against the request's URL. */
export function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(match?.[2] ?? "")?.[1] ?? "";
    if (match && rel.toLowerCase().split(/\s+/).includes("next")) return new URL(match[1]!, base).href;
  }
  return undefined;
}
