// The GitHub REST client against a real HTTP server on 127.0.0.1: pagination through `Link`, the token
// kept on the API's own host, and errors that say which request failed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { getAllPages, nextLink } from "../packages/cli/src/signoff/github-api.js";

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

/** A server whose handler gets the request path and answers [status, headers, body]. */
async function serve(handler: (path: string, base: string) => [number, Record<string, string>, string]): Promise<{ url: string; seen: { path: string; authorization?: string }[] }> {
  const seen: { path: string; authorization?: string }[] = [];
  let base = "";
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? "", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const [status, headers, body] = handler(req.url ?? "", base);
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, seen };
}

describe("nextLink", () => {
  it("finds rel=next among the others, in any order and quoting, relative or absolute", () => {
    const header = '<https://api.github.com/x?page=3>; rel="last", <https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=1>; rel="first"';
    expect(nextLink(header, "https://api.github.com/x")).toBe("https://api.github.com/x?page=2");
    expect(nextLink("</x?page=2>; rel=next", "https://ghe.example.com/api/v3/x")).toBe("https://ghe.example.com/x?page=2");
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev first"', "https://api.github.com/x")).toBeUndefined();
    expect(nextLink(null, "https://api.github.com/x")).toBeUndefined();
  });
});

describe("getAllPages", () => {
  it("reads every page through the Link header, with the token, 100 at a time", async () => {
    const api = await serve((path, base) => {
      const page = Number(new URL(path, base).searchParams.get("page") ?? 1);
      const link = page < 3 ? { link: `<${base}/items?per_page=100&page=${page + 1}>; rel="next"` } : {};
      return [200, link, JSON.stringify([{ page }])];
    });
    const items = await getAllPages<{ page: number }>({ apiUrl: api.url, token: "t0k" }, "/items");
    expect(items).toEqual([{ page: 1 }, { page: 2 }, { page: 3 }]);
    expect(api.seen).toEqual([
      { path: "/items?per_page=100", authorization: "Bearer t0k" },
      { path: "/items?per_page=100&page=2", authorization: "Bearer t0k" },
      { path: "/items?per_page=100&page=3", authorization: "Bearer t0k" },
    ]);
  });

  it("never follows a next page on another host (the token would go there)", async () => {
    const elsewhere = await serve(() => [200, {}, "[]"]);
    const api = await serve(() => [200, { link: `<${elsewhere.url}/steal?page=2>; rel="next"` }, "[1]"]);
    await expect(getAllPages({ apiUrl: api.url, token: "t0k" }, "/items")).rejects.toThrow(`answered with a next page on another host (${elsewhere.url}); not followed`);
    expect(elsewhere.seen).toEqual([]);
  });

  it("says which request failed: an HTTP error with GitHub's message, a body that is not a list, a refused connection", async () => {
    const api = await serve((path) => (path.startsWith("/limited") ? [403, { "x-ratelimit-remaining": "0" }, JSON.stringify({ message: "API rate limit exceeded" })] : [200, {}, JSON.stringify({ message: "not a list" })]));
    await expect(getAllPages({ apiUrl: api.url, token: "t" }, "/limited")).rejects.toThrow(`GET ${api.url}/limited?per_page=100 answered 403 Forbidden: API rate limit exceeded (the API rate limit is used up)`);
    await expect(getAllPages({ apiUrl: api.url, token: "t" }, "/object")).rejects.toThrow(`GET ${api.url}/object?per_page=100 answered with something other than a JSON list`);
    const closed = await serve(() => [200, {}, "[]"]);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    await expect(getAllPages({ apiUrl: closed.url, token: "t" }, "/x")).rejects.toThrow(/^GET http:\/\/127\.0\.0\.1:\d+\/x\?per_page=100 failed: .*ECONNREFUSED/);
  });
});
