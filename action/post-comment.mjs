#!/usr/bin/env node
// The Action's `comment: true`: posts the Markdown report (`rollsafe lint --format markdown`) on the
// pull request, or updates the comment an earlier run posted (the one whose body starts with the
// report's marker), so a pull request has one rollsafe comment however often it is pushed. Plain Node
// (fetch), no dependency: it runs from the action's checkout, which is not installed or built.
//
//   node action/post-comment.mjs <body.md>
//
// Reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH and GITHUB_API_URL, as set on a runner.
import { readFileSync } from "node:fs";

const MARKER = "<!-- rollsafe -->";

const [bodyFile] = process.argv.slice(2);
const env = process.env;
const api = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/$/, "");

try {
  const body = readFileSync(bodyFile, "utf8");
  const number = pullRequestNumber(env.GITHUB_EVENT_PATH);
  if (number === undefined) {
    console.log("rollsafe: not a pull request event: no comment posted");
  } else {
    const base = `${api}/repos/${env.GITHUB_REPOSITORY}/issues`;
    const previous = await findPrevious(`${base}/${number}/comments?per_page=100`);
    if (previous) await call("PATCH", `${base}/comments/${previous.id}`, { body });
    else await call("POST", `${base}/${number}/comments`, { body });
    console.log(`rollsafe: ${previous ? "updated the comment" : "commented"} on pull request #${number}`);
  }
} catch (error) {
  // A comment is a courtesy: a fork's read-only token must not fail the lint itself.
  console.log(`::warning title=rollsafe::could not post the pull-request comment: ${error.message}`);
}

function pullRequestNumber(eventPath) {
  if (!eventPath) return undefined;
  const event = JSON.parse(readFileSync(eventPath, "utf8"));
  return event.pull_request?.number ?? undefined;
}

/** The first comment carrying the marker, over every page (`Link: <...>; rel="next"`). */
async function findPrevious(url) {
  for (let next = url; next; ) {
    const response = await call("GET", next);
    const found = (await response.json()).find((c) => typeof c.body === "string" && c.body.startsWith(MARKER));
    if (found) return found;
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
  }
  return undefined;
}

async function call(method, url, payload) {
  const response = await fetch(url, {
    method,
    headers: { accept: "application/vnd.github+json", authorization: `Bearer ${env.GITHUB_TOKEN}`, "x-github-api-version": "2022-11-28", ...(payload ? { "content-type": "application/json" } : {}) },
    ...(payload ? { body: JSON.stringify(payload) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${new URL(url).pathname}: HTTP ${response.status}`);
  return response;
}
