// overrides.signoff end to end: a real git repository (main, and a pull request whose commits add,
// change and keep overrides), a real HTTP server on 127.0.0.1 answering in GitHub's shapes, an event
// file, and the built CLI spawned as a child process.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { afterEach, describe, expect, it } from "vitest";
import { commitAll, git, repoWithMain, writeFiles } from "./support/git-repo.js";
import { startFakeGithub, type FakeGithub, type FakeGithubOptions, type FakeReview } from "./support/github-server.js";
import { runCliAsync, tempProject } from "./support/run-cli.js";

interface JsonFinding {
  ruleId: string;
  severity: string;
  path: string;
  line: number;
  message: string;
  overridden: { reason: string; approvedBy?: { login: string; submittedAt: string | null; via: string } | null } | null;
}
interface JsonRun {
  findings: JsonFinding[];
  problems: { path: string; message: string; severity: string }[];
  signoff?: Record<string, unknown>;
}

const BASE = {
  "m/0001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, nickname text, legacy text);\nCREATE TABLE orders (id bigint PRIMARY KEY, note text);\n",
  // An override already on main: the pull request keeps it, so it needs no new sign-off.
  "m/0002_old.sql": "-- compat: breaking[dropping-column] (reason: note moved to order_notes)\nALTER TABLE orders DROP COLUMN note;\n",
  ".github/CODEOWNERS": "* @global-owner\n/m/ @carol\n",
};
const DROP_V1 = "-- compat: breaking[dropping-column] (reason: nickname unused since v1.3)\nALTER TABLE users DROP COLUMN nickname;\n-- compat: breaking[dropping-column] (reason: legacy is empty)\nALTER TABLE users DROP COLUMN legacy;\n";
const DROP_V2 = DROP_V1.replace("(reason: legacy is empty)", "(reason: legacy is empty, checked 2026-03-01)");

interface PullRequest {
  dir: string;
  /** c1 adds m/0003_drop.sql (two overrides) and edits m/0002_old.sql below its override; c2 changes the second override of 0003. */
  c1: string;
  c2: string;
  env: Record<string, string | undefined>;
}

/** `signoff`: the overrides.signoff section; null leaves it out. */
function pullRequest(signoff: object | null): PullRequest {
  const config = { migrations: { dir: "m" }, rules: { "edited-applied-migration": "off", "require-lock-timeout": "off" }, ...(signoff ? { overrides: { signoff } } : {}) };
  const dir = repoWithMain({ ...BASE, "rollsafe.config.json": JSON.stringify(config) });
  writeFiles(dir, {
    "m/0003_drop.sql": DROP_V1,
    "m/0002_old.sql": `${BASE["m/0002_old.sql"]}CREATE TABLE tags (id bigint PRIMARY KEY);\n`,
    // The pull request tries to make dave an owner: the target branch's CODEOWNERS is the one that counts.
    ".github/CODEOWNERS": "* @global-owner\n/m/ @dave\n",
  });
  commitAll(dir, "feature: drop two columns");
  const c1 = git(dir, "rev-parse", "HEAD").trim();
  writeFiles(dir, { "m/0003_drop.sql": DROP_V2 });
  commitAll(dir, "feature: reword an override");
  const c2 = git(dir, "rev-parse", "HEAD").trim();
  const eventPath = join(tempProject({}), "event.json");
  writeFileSync(eventPath, JSON.stringify({ action: "synchronize", number: 7, pull_request: { number: 7, state: "open", user: { login: "bob", id: 2, type: "User" }, head: { sha: c2 }, base: { ref: "main" } } }));
  return { dir, c1, c2, env: { GITHUB_EVENT_PATH: eventPath, GITHUB_EVENT_NAME: "pull_request", GITHUB_REPOSITORY: "acme/app", GITHUB_TOKEN: "test-token", GITHUB_API_URL: undefined } };
}

let servers: FakeGithub[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function github(options: Partial<FakeGithubOptions> & { reviews: FakeReview[] }): Promise<FakeGithub & { options: FakeGithubOptions }> {
  const full: FakeGithubOptions = { owner: "acme", repo: "app", number: 7, token: "test-token", pageSize: 2, ...options };
  const server = await startFakeGithub(full);
  servers.push(server);
  return { ...server, options: full };
}

async function lint(pr: PullRequest, gh: FakeGithub | undefined, args: string[] = [], env: Record<string, string | undefined> = {}) {
  const result = await runCliAsync(["lint", "--changed-since", "main", "--format", "json", ...args], { cwd: pr.dir, env: { ...pr.env, ...(gh ? { GITHUB_API_URL: gh.url } : {}), ...env } });
  const json = result.stdout && !args.includes("--format") ? (JSON.parse(result.stdout) as JsonRun) : undefined;
  const unsigned = (json?.findings ?? []).filter((f) => f.ruleId === "override-needs-signoff");
  const approvals = Object.fromEntries((json?.findings ?? []).filter((f) => f.overridden).map((f) => [`${f.path}:${f.line}`, f.overridden!.approvedBy]));
  return { ...result, json, unsigned, approvals };
}

const at = (minute: number) => `2026-03-01T11:${String(minute).padStart(2, "0")}:00Z`;

describe("overrides.signoff on a pull request (GitHub)", () => {
  it("signs each override the pull request adds or changes with an allowed reviewer's standing approval, read from every page", async () => {
    const pr = pullRequest({ required: true, approvers: ["alice"] });
    const gh = await github({
      reviews: [
        { login: "alice", state: "COMMENTED", submittedAt: at(1), commit: pr.c1 },
        { login: "frank", state: "DISMISSED", submittedAt: at(2), commit: pr.c1 },
        { login: "gina", state: "CHANGES_REQUESTED", submittedAt: at(3), commit: pr.c2 },
        { login: "alice", state: "APPROVED", submittedAt: at(4), commit: pr.c2 },
        { login: "alice", state: "COMMENTED", submittedAt: at(5), commit: pr.c2 },
      ],
    });
    const { status, json, unsigned, approvals, stderr } = await lint(pr, gh);
    expect(stderr).toBe("");
    expect(unsigned).toEqual([]);
    const alice = { login: "alice", submittedAt: at(4), via: "alice" };
    // The drop's dropping-column findings are on the statements' lines; the kept override of 0002 needed no sign-off.
    expect(approvals).toEqual({ "m/0002_old.sql:2": null, "m/0003_drop.sql:2": alice, "m/0003_drop.sql:4": alice });
    expect(json!.signoff).toEqual({ required: true, source: "github", pullRequest: 7, author: "bob", unavailable: null, directives: 2, signed: 2 });
    expect(status).toBe(0);
    // Three pages of two reviews, through the Link header, with the token and GitHub's media type.
    expect(gh.requests.map((r) => r.path)).toEqual(["/repos/acme/app/pulls/7/reviews?per_page=100", "/repos/acme/app/pulls/7/reviews?per_page=100&page=2", "/repos/acme/app/pulls/7/reviews?per_page=100&page=3"]);
    expect(gh.requests.every((r) => r.authorization === "Bearer test-token" && r.accept === "application/vnd.github+json" && r.apiVersion === "2022-11-28")).toBe(true);
  });

  it("shows the approver and the date in the text, markdown, SARIF and GitHub formats", async () => {
    const pr = pullRequest({ required: true, approvers: ["@acme/db-reviewers"] });
    const gh = await github({ reviews: [{ login: "dave", state: "APPROVED", submittedAt: at(4), commit: pr.c2 }], teams: { "acme/db-reviewers": ["dave"] } });
    const signed = `@dave on ${at(4)} (via @acme/db-reviewers)`;
    const text = await lint(pr, gh, ["--format", "text"]);
    expect(text.stdout).toContain(`  override reason: nickname unused since v1.3\n  signed off by: ${signed}`);
    const markdown = await lint(pr, gh, ["--format", "markdown"]);
    expect(markdown.stdout).toContain(`**Signed off by:** @dave on ${at(4)} (via @acme/db-reviewers)`);
    const sarif = JSON.parse((await lint(pr, gh, ["--format", "sarif"])).stdout) as { runs: { results: { properties: Record<string, unknown>; suppressions: unknown[] }[] }[] };
    // Still a valid SARIF 2.1.0 log (the schema test/ci-formats.test.ts uses).
    const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const approvedBy = sarif.runs[0]!.results.map((r) => r.properties.approvedBy).filter(Boolean);
    expect(approvedBy).toEqual([{ login: "dave", submittedAt: at(4), via: "@acme/db-reviewers" }, { login: "dave", submittedAt: at(4), via: "@acme/db-reviewers" }]);
    const annotations = await lint(pr, gh, ["--format", "github"]);
    expect(annotations.stdout).toContain(`%0AOverridden: legacy is empty, checked 2026-03-01%0ASigned off by ${signed}`);
    expect([text.status, markdown.status, annotations.status]).toEqual([0, 0, 0]);
  });

  it("does not count the author's own approval", async () => {
    const pr = pullRequest({ required: true, approvers: ["alice", "bob"] });
    const gh = await github({ reviews: [{ login: "bob", state: "APPROVED", submittedAt: at(4), commit: pr.c2 }] });
    const { status, unsigned } = await lint(pr, gh);
    expect(unsigned.map((f) => [f.path, f.line, f.severity])).toEqual([
      ["m/0003_drop.sql", 1, "error"],
      ["m/0003_drop.sql", 3, "error"],
    ]);
    expect(unsigned[0]!.message).toBe(
      `This override is new or changed in this pull request (last changed in ${pr.c1.slice(0, 12)}) and is not signed off: @bob approved, but is the pull request's author. It needs an approving review by @alice or @bob (not the pull request's author), submitted after that change.`,
    );
    expect(status).toBe(1);
  });

  it("does not count an approval older than the last change to the directive's line", async () => {
    const pr = pullRequest({ required: true, approvers: ["alice"] });
    const gh = await github({ reviews: [{ login: "alice", state: "APPROVED", submittedAt: at(4), commit: pr.c1 }] });
    const { status, unsigned, approvals } = await lint(pr, gh);
    // The first override has not changed since c1, which alice approved; the second changed in c2.
    expect(approvals["m/0003_drop.sql:2"]).toEqual({ login: "alice", submittedAt: at(4), via: "alice" });
    expect(unsigned.map((f) => f.line)).toEqual([3]);
    expect(unsigned[0]!.message).toContain(`(last changed in ${pr.c2.slice(0, 12)})`);
    expect(unsigned[0]!.message).toContain(`@alice's approval (${at(4)}, on ${pr.c1.slice(0, 7)}) predates the last change to this line.`);
    expect(status).toBe(1);
  });

  it("does not count an approval by someone who is not an approver; without `required` it warns", async () => {
    const pr = pullRequest({ approvers: ["alice"] });
    const gh = await github({ reviews: [{ login: "carol", state: "APPROVED", submittedAt: at(4), commit: pr.c2 }] });
    const { status, unsigned } = await lint(pr, gh);
    expect(unsigned.map((f) => [f.line, f.severity])).toEqual([
      [1, "warn"],
      [3, "warn"],
    ]);
    expect(unsigned[0]!.message).toContain("@carol approved, but is not among the approvers.");
    expect(status).toBe(0);
  });

  it("takes the approvers from the target branch's CODEOWNERS (last matching line), not the pull request's", async () => {
    const pr = pullRequest({ required: true, approvers: "codeowners" });
    const gh = await github({ reviews: [{ login: "dave", state: "APPROVED", submittedAt: at(4), commit: pr.c2 }] });
    const byDave = await lint(pr, gh);
    expect(byDave.unsigned.map((f) => f.line)).toEqual([1, 3]);
    expect(byDave.unsigned[0]!.message).toContain("@dave approved, but is not among the approvers. It needs an approving review by a code owner of m/0003_drop.sql (@carol)");
    expect(byDave.status).toBe(1);
    gh.options.reviews = [{ login: "carol", state: "APPROVED", submittedAt: at(5), commit: pr.c2 }];
    const byCarol = await lint(pr, gh);
    expect(byCarol.unsigned).toEqual([]);
    expect(byCarol.approvals["m/0003_drop.sql:4"]).toEqual({ login: "carol", submittedAt: at(5), via: "@carol" });
    expect(byCarol.status).toBe(0);
  });

  it("resolves a team approver through the team's members (every page)", async () => {
    const pr = pullRequest({ required: true, approvers: ["alice", "@acme/db-reviewers"] });
    const gh = await github({ reviews: [{ login: "Zed", state: "APPROVED", submittedAt: at(4), commit: pr.c2 }], teams: { "acme/db-reviewers": ["erin", "dave", "zed"] } });
    const { status, unsigned, approvals } = await lint(pr, gh);
    expect(unsigned).toEqual([]);
    expect(approvals["m/0003_drop.sql:2"]).toEqual({ login: "Zed", submittedAt: at(4), via: "@acme/db-reviewers" });
    expect(gh.requests.map((r) => r.path)).toContain("/orgs/acme/teams/db-reviewers/members?per_page=100&page=2");
    expect(status).toBe(0);
  });

  it("does not sign an override whose line has uncommitted changes", async () => {
    const pr = pullRequest({ required: true, approvers: ["alice"] });
    const gh = await github({ reviews: [{ login: "alice", state: "APPROVED", submittedAt: at(4), commit: pr.c2 }] });
    writeFiles(pr.dir, { "m/0003_drop.sql": DROP_V2.replace("nickname unused", "nick unused") });
    const { status, unsigned } = await lint(pr, gh);
    expect(unsigned.map((f) => f.line)).toEqual([1]);
    expect(unsigned[0]!.message).toContain("(with changes that are not committed)");
    expect(status).toBe(1);
  });
});

describe("overrides.signoff: a migration that is not committed yet", () => {
  it("cannot be signed off, whoever approved", async () => {
    const pr = pullRequest({ required: true, approvers: ["alice"] });
    const gh = await github({ reviews: [{ login: "alice", state: "APPROVED", submittedAt: at(4), commit: pr.c2 }] });
    writeFiles(pr.dir, { "m/0004_wip.sql": "-- compat: breaking (reason: wip)\nALTER TABLE users DROP COLUMN id;\n" });
    const { status, unsigned } = await lint(pr, gh);
    expect(unsigned.map((f) => `${f.path}:${f.line}`)).toEqual(["m/0004_wip.sql:1"]);
    expect(unsigned[0]!.message).toContain("(with changes that are not committed)");
    expect(status).toBe(1);
  });
});

describe("overrides.signoff fails closed", () => {
  it.each([
    [401, "Bad credentials", "answered 401 Unauthorized: Bad credentials (is GITHUB_TOKEN a valid token?)"],
    [500, "Server Error", "answered 500 Internal Server Error: Server Error"],
  ])("when the API answers %i: exit 1, saying which request failed and how", async (statusCode, message, said) => {
    const pr = pullRequest({ required: true, approvers: ["alice"] });
    const gh = await github({ reviews: [], fail: { status: statusCode, message } });
    const { status, unsigned, json } = await lint(pr, gh);
    expect(unsigned.map((f) => [f.line, f.severity])).toEqual([
      [1, "error"],
      [3, "error"],
    ]);
    expect(unsigned[0]!.message).toContain(`but the reviews cannot be checked: the GitHub API could not be read: GET ${gh.url}/repos/acme/app/pulls/7/reviews?per_page=100 ${said}`);
    expect(json!.signoff).toMatchObject({ source: "github", unavailable: expect.stringContaining(said), signed: 0 });
    expect(status).toBe(1);
  });

  it.each([
    ["outside a pull request (no event file)", { GITHUB_EVENT_PATH: undefined }, "not in a pull request: GITHUB_EVENT_PATH is not set"],
    ["without a token", { GITHUB_TOKEN: undefined }, "GITHUB_TOKEN is not set"],
    ["without the repository", { GITHUB_REPOSITORY: undefined }, "GITHUB_REPOSITORY is not set"],
  ])("%s: exit 1, saying which, and asking the API nothing", async (_name, env, said) => {
    const pr = pullRequest({ required: true, approvers: ["alice"] });
    const gh = await github({ reviews: [{ login: "alice", state: "APPROVED", submittedAt: at(4), commit: pr.c2 }] });
    const { status, unsigned } = await lint(pr, gh, [], env);
    expect(unsigned.map((f) => f.line)).toEqual([1, 3]);
    expect(unsigned[0]!.message).toContain(`but the reviews cannot be checked: ${said}`);
    expect(gh.requests).toEqual([]);
    expect(status).toBe(1);
  });

  it("on a push event (no pull_request in the event file)", async () => {
    const pr = pullRequest({ required: true, approvers: ["alice"] });
    const eventPath = join(tempProject({}), "push.json");
    writeFileSync(eventPath, JSON.stringify({ ref: "refs/heads/main", before: pr.c1, after: pr.c2 }));
    const { status, unsigned } = await lint(pr, undefined, [], { GITHUB_EVENT_PATH: eventPath, GITHUB_EVENT_NAME: "push" });
    expect(unsigned[0]!.message).toContain("not in a pull request: the workflow event (push) has no pull_request");
    expect(status).toBe(1);
  });

  it("passes without asking anything when the pull request adds or changes no override", async () => {
    const dir = repoWithMain({ ...BASE, "rollsafe.config.json": JSON.stringify({ migrations: { dir: "m" }, overrides: { signoff: { required: true, approvers: ["alice"] } } }) });
    writeFiles(dir, { "m/0003_add.sql": "ALTER TABLE users ADD COLUMN bio text;\n" });
    commitAll(dir, "feature: add a column");
    const gh = await github({ reviews: [] });
    const result = await runCliAsync(["lint", "--changed-since", "main", "--format", "json"], { cwd: dir, env: { GITHUB_EVENT_PATH: undefined, GITHUB_TOKEN: undefined, GITHUB_API_URL: gh.url } });
    expect((JSON.parse(result.stdout) as JsonRun).signoff).toMatchObject({ directives: 0, signed: 0, unavailable: null });
    expect(gh.requests).toEqual([]);
    expect(result.status).toBe(0);
  });

  it("is not run, and asks nothing, when overrides.signoff is not configured", async () => {
    const pr = pullRequest(null);
    const gh = await github({ reviews: [] });
    const { status, json, unsigned } = await lint(pr, gh);
    expect(unsigned).toEqual([]);
    expect(json!.signoff).toBeUndefined();
    expect(json!.findings.filter((f) => f.overridden).every((f) => !("approvedBy" in f.overridden!))).toBe(true);
    expect(gh.requests).toEqual([]);
    expect(status).toBe(0);
  });
});

describe("--offline-signoff", () => {
  function offlineFile(content: unknown): string {
    const path = join(tempProject({}), "approvals.json");
    writeFileSync(path, JSON.stringify(content));
    return path;
  }

  it("takes the approvals of another CI system from a JSON file: by commit, or by date", async () => {
    const pr = pullRequest({ required: true, approvers: ["alice", "@acme/db"] });
    const byCommit = offlineFile({ version: 1, author: "bob", approvals: [{ login: "alice", commit: pr.c2, submittedAt: at(4) }] });
    const signed = await lint(pr, undefined, ["--offline-signoff", byCommit], { GITHUB_EVENT_PATH: undefined, GITHUB_TOKEN: undefined });
    expect(signed.unsigned).toEqual([]);
    expect(signed.json!.signoff).toMatchObject({ source: "offline", author: "bob", signed: 2 });
    expect(signed.status).toBe(0);

    const beforeTheCommits = offlineFile({ author: "bob", approvals: [{ login: "erin", submittedAt: "2001-01-01T00:00:00Z" }], teams: { "@acme/db": ["erin"] } });
    const stale = await lint(pr, undefined, ["--offline-signoff", beforeTheCommits]);
    expect(stale.unsigned.map((f) => f.line)).toEqual([1, 3]);
    expect(stale.unsigned[0]!.message).toContain("@erin's approval (2001-01-01T00:00:00Z) predates the last change to this line.");
    expect(stale.status).toBe(1);
  });

  it.each([
    [{ author: "bob", approvals: [{ login: "alice" }] }, "approvals.0: an approval needs the commit it approved (commit) or its date (submittedAt)"],
    [{ approvals: [] }, "author: "],
    [{ author: "bob", approvals: [{ login: "alice", commit: "abc" }] }, "approvals.0.commit: expected a full commit id (40 hex digits)"],
  ])("a file that is not valid is a usage error (exit 2) naming the key: %j", async (content, said) => {
    const pr = pullRequest({ required: true, approvers: ["alice"] });
    const file = offlineFile(content);
    const result = await runCliAsync(["lint", "--changed-since", "main", "--offline-signoff", file], { cwd: pr.dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`rollsafe: --offline-signoff: ${file}: ${said}`);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("needs --changed-since and an overrides.signoff configuration", async () => {
    const pr = pullRequest(null);
    const file = offlineFile({ author: "bob", approvals: [] });
    const withoutChangedSince = await runCliAsync(["lint", "--offline-signoff", file], { cwd: pr.dir });
    expect(withoutChangedSince.stderr).toMatch(/^rollsafe: --offline-signoff .* use it with --changed-since <ref>\n$/);
    const withoutConfig = await runCliAsync(["lint", "--changed-since", "main", "--offline-signoff", file], { cwd: pr.dir });
    expect(withoutConfig.stderr).toMatch(/^rollsafe: --offline-signoff: overrides.signoff is not configured/);
    expect([withoutChangedSince.status, withoutConfig.status]).toEqual([2, 2]);
  });
});

describe("rollsafe report with overrides.signoff", () => {
  /** v1.0.0, then a pull request (bob) that adds an override, merged with a merge commit and tagged v1.1.0. */
  function release(): { dir: string; commit: string } {
    const config = { migrations: { dir: "m" }, overrides: { signoff: { required: true, approvers: ["alice"] } } };
    const dir = repoWithMain({ ...BASE, "rollsafe.config.json": JSON.stringify(config) });
    git(dir, "tag", "v1.0.0", "main");
    writeFiles(dir, { "m/0003_drop.sql": DROP_V1 });
    commitAll(dir, "feature: drop two columns");
    const commit = git(dir, "rev-parse", "HEAD").trim();
    git(dir, "checkout", "--quiet", "main");
    git(dir, "merge", "--quiet", "--no-ff", "--no-edit", "feature");
    git(dir, "tag", "v1.1.0");
    return { dir, commit };
  }

  async function report(dir: string, env: Record<string, string | undefined>, format = "json") {
    return runCliAsync(["report", "v1.0.0..v1.1.0", "m", "--format", format], { cwd: dir, env: { GITHUB_REPOSITORY: "acme/app", GITHUB_TOKEN: "test-token", GITHUB_EVENT_PATH: undefined, ...env } });
  }

  it("shows who signed off each override of the release: the approval of the pull request that merged its line", async () => {
    const { dir, commit } = release();
    const gh = await github({ reviews: [{ login: "alice", state: "APPROVED", submittedAt: at(4), commit }, { login: "bob", state: "COMMENTED", submittedAt: at(5), commit }], pullsOfCommit: { [commit]: { author: "bob", mergedAt: at(30) } } });
    const json = await report(dir, { GITHUB_API_URL: gh.url });
    const doc = JSON.parse(json.stdout) as { findings: JsonFinding[]; signoff: Record<string, unknown> };
    expect(doc.findings.filter((f) => f.overridden).map((f) => f.overridden!.approvedBy)).toEqual([
      { login: "alice", submittedAt: at(4), via: "alice" },
      { login: "alice", submittedAt: at(4), via: "alice" },
    ]);
    expect(doc.signoff).toEqual({ directives: 2, signed: 2, unavailable: null });
    expect(gh.requests.map((r) => r.path)).toEqual([`/repos/acme/app/commits/${commit}/pulls?per_page=100`, "/repos/acme/app/pulls/7/reviews?per_page=100"]);
    const text = await report(dir, { GITHUB_API_URL: gh.url }, "text");
    expect(text.stdout).toContain(`(overridden: nickname unused since v1.3; signed off by @alice on ${at(4)})`);
    expect(text.stdout).toContain("sign-off: 2 of 2 override(s) added in this release signed off by an approver");
    const markdown = await report(dir, { GITHUB_API_URL: gh.url }, "markdown");
    expect(markdown.stdout).toContain(`overridden: legacy is empty; signed off by @alice on ${at(4)}`);
    const html = await report(dir, { GITHUB_API_URL: gh.url }, "html");
    expect(html.stdout).toContain(`overridden: nickname unused since v1.3; signed off by @alice on ${at(4)}</span>`);
  });

  it("says why it could not read the approvals, without changing the verdict", async () => {
    const { dir } = release();
    const signed = await report(dir, { GITHUB_TOKEN: undefined });
    const doc = JSON.parse(signed.stdout) as { findings: JsonFinding[]; signoff: Record<string, unknown>; path: string };
    expect(doc.signoff).toMatchObject({ directives: 2, signed: 0, unavailable: expect.stringContaining("GITHUB_TOKEN is not set") });
    expect(doc.findings.filter((f) => f.overridden).every((f) => f.overridden!.approvedBy === null)).toBe(true);
    expect(doc.path).toBe("roll-forward");
    expect(signed.status).toBe(1);
  });
});
