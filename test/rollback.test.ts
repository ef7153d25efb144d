// `rollsafe rollback` end to end: real git repositories with tags, the fixture executables of
// fixtures/executor/ as deploy, watch, smoke, cache and notify commands (they record their argv and can
// be told to fail or hang), a real node:http server on 127.0.0.1 for the health checks, the built CLI
// as a child process. Every fault test checks the audit record and that nothing after the failure ran.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { EXECUTOR_FIXTURES as F, fixtureRuns, pathWithNode } from "./support/fixture-log.js";
import { startHealthServer, type HealthServer } from "./support/health-server.js";
import { waitUntilStopped } from "./support/processes.js";
import { runCliAsync, startCli, waitFor } from "./support/run-cli-async.js";
import { taggedRepo, type TaggedRepo } from "./support/tagged-repo.js";

const INIT = { "migrations/001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n" };
const RELEASES = {
  service: { "src/app.ts": "export const version = 2;\n" },
  expand: { "migrations/002_age.sql": "ALTER TABLE users ADD COLUMN age integer;\n" },
  breaking: { "migrations/002_drop.sql": "ALTER TABLE users DROP COLUMN name;\n" },
  "data-loss": { "migrations/002_truncate.sql": "TRUNCATE users;\n" },
  // A DO block: the rules cannot see what it does, so the verdict is unknown.
  unknown: { "migrations/002_backfill.sql": "DO $$ BEGIN EXECUTE 'ALTER TABLE users DROP COLUMN name'; END $$;\n" },
};

/** An audit record as read back from the JSON lines (the fields the tests look at). */
type Record_ = Record<string, unknown> & { steps: Array<Record<string, unknown> & { name: string; outcome: string }>; warnings?: string[]; reason?: string; outcome: string };

interface Project {
  repo: TaggedRepo;
  /** The commit of v1.0.0 (the release rolled back to). */
  v1: string;
  log: string;
  env: Record<string, string>;
  audit(): Record_[];
  names(): string[];
}

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** v1.0.0, then v1.1.0 (checked out) with the given release; rollsafe.config.json with `rollback`. */
function project(release: keyof typeof RELEASES, rollback: Record<string, unknown>, env: Record<string, string> = {}): Project {
  const repo = taggedRepo();
  const v1 = repo.commit({ ...INIT, "VERSION": "1.0.0\n" }, "v1.0.0");
  repo.commit({ ...RELEASES[release], "VERSION": "1.1.0\n" }, "v1.1.0");
  writeFileSync(join(repo.dir, "rollsafe.config.json"), JSON.stringify({ rollback }, null, 2));
  const log = join(mkdtempSync(join(tmpdir(), "rollsafe-fixture-log-")), "runs.jsonl");
  const auditFile = join(repo.dir, ".rollsafe/audit.jsonl");
  return {
    repo,
    v1,
    log,
    env: { PATH: pathWithNode(), ROLLSAFE_FIXTURE_LOG: log, ...env },
    audit: () => (existsSync(auditFile) ? readFileSync(auditFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record_) : []),
    names: () => fixtureRuns(log).map((r) => r.name),
  };
}

function fullConfig(health: HealthServer, more: Record<string, unknown> = {}) {
  return {
    deploy: [`${F}deploy`, "--ref", "{ref}", "--sha", "{sha}"],
    watch: [`${F}watch`, "{sha}"],
    healthchecks: [{ url: `${health.base}/health`, retries: 5, intervalSeconds: 0.05, timeoutSeconds: 2 }],
    smoke: [`${F}smoke`, "{from}..{to}"],
    caches: [[`${F}purge-cache`, "cdn"], [`${F}purge-cache`, "redis"]],
    notify: [`${F}notify`],
    ...more,
  };
}

function rollback(p: Project, ...args: string[]) {
  return runCliAsync(["rollback", ...args], { cwd: p.repo.dir, env: p.env });
}

describe("rollsafe rollback: the plan", () => {
  it("prints the plan with each step's exact argv, runs nothing without --execute, and records the plan", async () => {
    server = await startHealthServer({ "/health": 0 });
    const p = project("expand", fullConfig(server));
    const result = await rollback(p);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Rollback plan: v1.1.0 (`);
    expect(result.stdout).toContain(`-> v1.0.0 (${p.v1.slice(0, 12)})`);
    expect(result.stdout).toContain("Path: Schema-compatible rollback");
    expect(result.stdout).toContain(`1. deploy: $ ${F}deploy --ref v1.0.0 --sha ${p.v1}`);
    expect(result.stdout).toContain(`4. smoke: $ ${F}smoke v1.1.0..v1.0.0`);
    expect(result.stdout).toContain(`3. health: GET ${server.base}/health, expect 200`);
    expect(result.stdout).toContain("Nothing was run: add --execute to run these steps.");
    expect(existsSync(p.log)).toBe(false);
    expect(server.hits.size).toBe(0);
    const [record] = p.audit();
    expect(record).toMatchObject({ command: "rollback", mode: "plan", outcome: "planned", exitCode: 0, path: "schema-compatible-rollback", from: { ref: "v1.1.0" }, to: { ref: "v1.0.0", sha: p.v1 }, migrations: ["migrations/002_age.sql"] });
    expect(record!.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(["deploy:not-run", "watch:not-run", "health:not-run", "smoke:not-run", "cache 1:not-run", "cache 2:not-run", "notify:not-run"]);
    expect(record!.steps[0]!.argv).toEqual([`${F}deploy`, "--ref", "v1.0.0", "--sha", p.v1]);
    // rollsafe's state ignores itself: the audit log leaves the work tree clean.
    expect(readFileSync(join(p.repo.dir, ".rollsafe/.gitignore"), "utf8")).toMatch(/^\*$/m);
    expect(p.repo.git("status", "--porcelain", "--untracked-files=all")).not.toContain(".rollsafe");
  });

  it("--format json holds the plan, the steps and the outcome", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"] });
    const result = await rollback(p, "--format", "json");
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ version: 1, outcome: "planned", exitCode: 0, path: "service-rollback", safe: true, from: { ref: "v1.1.0" }, to: { ref: "v1.0.0", sha: p.v1 }, migrations: { checked: [], history: 1 } });
    expect(doc.steps).toEqual([{ name: "deploy", kind: "deploy", argv: [`${F}deploy`, "v1.0.0"], cwd: p.repo.dir, outcome: "not-run" }]);
  });

  it("refuses a roll-forward release even with --execute, and prints the corrective migration and the runbook", async () => {
    const p = project("breaking", { deploy: [`${F}deploy`, "{ref}"], notify: [`${F}notify`] });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("Path: Roll forward");
    expect(result.stdout).toContain("Refused: rollsafe rollback runs only service-rollback and schema-compatible-rollback; this release's path is roll-forward");
    expect(result.stdout).toContain("--execute never overrides this.");
    expect(result.stdout).toContain('ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "name" text;');
    expect(result.stdout).toContain("Runbook for a human (roll-forward):");
    expect(result.stdout).toContain("1. Do not redeploy the previous code");
    // Nothing ran but the notification of the refusal: someone asked for a rollback and did not get one.
    expect(p.names()).toEqual(["notify"]);
    expect(p.audit()).toMatchObject([{ mode: "execute", outcome: "refused", exitCode: 1, path: "roll-forward", steps: [{ name: "notify", outcome: "ok" }] }]);
    const sent = JSON.parse(fixtureRuns(p.log)[0]!.stdin!);
    expect(sent).toMatchObject({ phase: "refused", outcome: "refused", exitCode: 1, failureClass: "breaking schema change (dropping-column)", from: { ref: "v1.1.0", tag: "v1.1.0" }, to: { ref: "v1.0.0", tag: "v1.0.0" } });
    expect(sent.reason).toMatch(/^rollsafe rollback runs only service-rollback and schema-compatible-rollback; this release's path is roll-forward/);
  });

  it("a plan without --execute sends no notification, refused or not", async () => {
    const p = project("breaking", { deploy: [`${F}deploy`, "{ref}"], notify: [`${F}notify`] });
    expect((await rollback(p)).status).toBe(1);
    expect(existsSync(p.log)).toBe(false);
    expect(p.audit()[0]!.steps).toEqual([]);
  });

  it("refuses a safe path whose verdict is unknown, unless a person reviewed it (--allow-unknown, recorded)", async () => {
    const p = project("unknown", { deploy: [`${F}deploy`, "{ref}"] });
    const refused = await rollback(p, "--execute");
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain("previous release runs on the new schema: unknown");
    expect(refused.stdout).toMatch(/Refused: the verdict is unknown: 1 statement could not be analysed \(unmodelled statement at migrations\/002_backfill\.sql:1\).*run again with --allow-unknown/);
    expect(refused.stdout).toContain("Review what rollsafe could not analyse");
    expect(existsSync(p.log)).toBe(false);
    expect(p.audit()[0]).toMatchObject({ outcome: "refused", exitCode: 1, path: "schema-compatible-rollback", verdict: "unknown" });

    const allowed = await rollback(p, "--execute", "--allow-unknown");
    expect(allowed.status).toBe(0);
    expect(p.names()).toEqual(["deploy"]);
    expect(p.audit()[1]).toMatchObject({ outcome: "succeeded", verdict: "unknown", warnings: [expect.stringMatching(/^--allow-unknown: 1 statement the rules could not analyse .* were reviewed by a person/)] });
  });

  it("refuses disaster recovery", async () => {
    const p = project("data-loss", { deploy: [`${F}deploy`, "{ref}"] });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Refused: .*this release's path is disaster-recovery: .*never automated/);
    expect(existsSync(p.log)).toBe(false);
    expect(p.audit()[0]).toMatchObject({ outcome: "refused", path: "disaster-recovery" });
  });
});

describe("rollsafe rollback --execute", () => {
  it("runs the steps in order with their exact argv; the health check retries through 503s", async () => {
    server = await startHealthServer({ "/health": 3 });
    const p = project("expand", fullConfig(server));
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(0);
    expect(p.names()).toEqual(["notify", "deploy", "watch", "smoke", "purge-cache", "purge-cache", "notify"]);
    const runs = fixtureRuns(p.log).slice(1);
    expect(runs[0]!.argv).toEqual(["--ref", "v1.0.0", "--sha", p.v1]);
    expect(runs[1]!.argv).toEqual([p.v1]);
    expect(runs[2]!.argv).toEqual(["v1.1.0..v1.0.0"]);
    expect(runs.slice(3, 5).map((r) => r.argv)).toEqual([["cdn"], ["redis"]]);
    expect(server.hits.get("/health")).toBe(4);
    // Live progress on stderr: each step, its output, the retries.
    expect(result.stderr).toContain(`[1/7] deploy: $ ${F}deploy --ref v1.0.0 --sha ${p.v1}`);
    expect(result.stderr).toContain("[3/7] health: 503 (attempt 1 of 6), retrying in 0.1 s");
    expect(result.stderr).toContain("[3/7] health: 200 (attempt 4 of 6)");
    expect(result.stdout).toContain("Rolled back: rolled back from v1.1.0 to v1.0.0 (schema-compatible-rollback); 8 step(s) ok.");
    const [record] = p.audit();
    expect(record).toMatchObject({ mode: "execute", outcome: "succeeded", exitCode: 0, from: { ref: "v1.1.0" }, to: { ref: "v1.0.0", sha: p.v1 } });
    expect(record!.steps.every((s) => s.outcome === "ok")).toBe(true);
    expect(record!.steps[0]).toMatchObject({ name: "notify start", kind: "notify" });
    expect(record!.steps[3]).toMatchObject({ name: "health", attempts: 4, status: 200 });
    expect(record!.steps[1]).toMatchObject({ exitCode: 0, argv: [`${F}deploy`, "--ref", "v1.0.0", "--sha", p.v1] });
    expect(typeof record!.steps[1]!.durationMs).toBe("number");
    // The notify command received the record on stdin: before the first step, and at the end.
    const start = JSON.parse(fixtureRuns(p.log)[0]!.stdin!);
    expect(start).toMatchObject({ phase: "start", outcome: "started", reason: "rolling back from v1.1.0 to v1.0.0 (schema-compatible-rollback)", failureClass: "code only (expand-only migrations)" });
    expect(start.steps.map((s: { name: string; outcome: string }) => `${s.name}:${s.outcome}`)).toEqual(["deploy:not-run", "watch:not-run", "health:not-run", "smoke:not-run", "cache 1:not-run", "cache 2:not-run", "notify:not-run"]);
    const sent = JSON.parse(runs[5]!.stdin!);
    expect(sent).toMatchObject({ command: "rollback", phase: "end", outcome: "succeeded", reason: "rolled back from v1.1.0 to v1.0.0 (schema-compatible-rollback)", to: { ref: "v1.0.0", tag: "v1.0.0" }, from: { tag: "v1.1.0" } });
    expect(sent.steps.map((s: { name: string }) => s.name)).toEqual(["notify start", "deploy", "watch", "health", "smoke", "cache 1", "cache 2"]);
  });

  it("a deploy that exits 1 stops the run: nothing after it runs but the notification of the failure", async () => {
    server = await startHealthServer({ "/health": 0 });
    const p = project("service", fullConfig(server), { ROLLSAFE_FIXTURE_FAIL: "deploy" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(1);
    expect(p.names()).toEqual(["notify", "deploy", "notify"]);
    expect(server.hits.size).toBe(0);
    expect(result.stdout).toContain('Failed at step "deploy": exit 1.');
    expect(result.stdout).toContain("Not run: watch, health, smoke, cache 1, cache 2.");
    expect(result.stdout).toMatch(/Next: The deploy of v1\.0\.0 did not complete/);
    const [record] = p.audit();
    expect(record).toMatchObject({ outcome: "failed", exitCode: 1, reason: "deploy: exit 1", path: "service-rollback" });
    expect(record!.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(["notify start:ok", "deploy:failed", "watch:not-run", "health:not-run", "smoke:not-run", "cache 1:not-run", "cache 2:not-run", "notify:ok"]);
    expect(record!.steps[1]!.exitCode).toBe(1);
    expect(JSON.parse(fixtureRuns(p.log)[2]!.stdin!)).toMatchObject({ phase: "end", outcome: "failed", reason: "deploy: exit 1", failureClass: "code only (no migration)" });
  });

  it("a health check that never passes fails the run after its retries; smoke and caches do not run", async () => {
    server = await startHealthServer({ "/health": Infinity });
    const p = project("expand", fullConfig(server, { healthchecks: [{ url: `${server.base}/health`, retries: 3, intervalSeconds: 0.05 }], notify: undefined }));
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(1);
    expect(server.hits.get("/health")).toBe(4);
    expect(p.names()).toEqual(["deploy", "watch"]);
    expect(result.stdout).toContain(`Failed at step "health": ${server.base}/health did not answer 200 in 4 attempt(s) (last: 503).`);
    const [record] = p.audit();
    expect(record).toMatchObject({ outcome: "failed", exitCode: 1 });
    expect(record!.steps[2]).toMatchObject({ name: "health", outcome: "failed", attempts: 4, status: 503, url: `${server.base}/health` });
    expect(record!.steps.slice(3).map((s) => s.outcome)).toEqual(["not-run", "not-run", "not-run"]);
  });

  it("a step that hangs past its time limit is stopped with the processes it started; nothing after it runs", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"], smoke: [`${F}smoke`], timeouts: { deploy: 1 } }, { ROLLSAFE_FIXTURE_HANG: "deploy" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Failed at step "deploy": timed out after 1.0 s and was stopped.');
    const runs = fixtureRuns(p.log);
    expect(runs.map((r) => r.name)).toEqual(["deploy", "deploy-child"]);
    for (const r of runs) expect(await waitUntilStopped(r.pid)).toBe(true);
    const [record] = p.audit();
    expect(record).toMatchObject({ outcome: "failed", exitCode: 1 });
    expect(record!.steps).toMatchObject([{ name: "deploy", outcome: "timed-out", signal: "SIGTERM" }, { name: "smoke", outcome: "not-run" }]);
  });

  it("Ctrl-C during a step stops it, records interrupted and exits 130; no later step, no notification", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"], smoke: [`${F}smoke`], notify: [`${F}notify`] }, { ROLLSAFE_FIXTURE_HANG: "deploy" });
    const cli = startCli(["rollback", "--execute"], { cwd: p.repo.dir, env: p.env });
    await waitFor(() => p.names().includes("deploy-child"), 15_000, "the deploy to start");
    cli.child.kill("SIGINT");
    const result = await cli.done;
    expect(result.status).toBe(130);
    expect(result.stderr).toContain("rollsafe: interrupted (Ctrl-C): stopping the running step");
    expect(result.stdout).toContain("Interrupted: interrupted (Ctrl-C): the running step was stopped and no later step ran.");
    const runs = fixtureRuns(p.log);
    expect(runs.map((r) => r.name)).toEqual(["notify", "deploy", "deploy-child"]);
    for (const r of runs) expect(await waitUntilStopped(r.pid)).toBe(true);
    const [record] = p.audit();
    expect(record).toMatchObject({ outcome: "interrupted", exitCode: 130 });
    expect(record!.steps).toMatchObject([{ name: "notify start", outcome: "ok" }, { name: "deploy", outcome: "interrupted" }, { name: "smoke", outcome: "not-run" }, { name: "notify", outcome: "not-run" }]);
    expect(existsSync(join(p.repo.dir, ".rollsafe/rollback.lock"))).toBe(false);
  });

  it("a second run while one is running is refused by the lock, and runs nothing", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"], notify: { file: "notifications.jsonl" } }, { ROLLSAFE_FIXTURE_HANG: "deploy" });
    const first = startCli(["rollback", "--execute"], { cwd: p.repo.dir, env: p.env });
    await waitFor(() => p.names().includes("deploy-child"), 15_000, "the first deploy to start");
    const second = await rollback(p, "--execute");
    expect(second.status).toBe(1);
    expect(second.stdout).toMatch(new RegExp(`Refused: another run holds the lock .*rollback\\.lock: rollsafe rollback --to v1\\.0\\.0, pid ${first.child.pid} on ${hostname()}`));
    expect(p.names().filter((n) => n === "deploy")).toHaveLength(1);
    const refused = p.audit()[0]!;
    expect(refused).toMatchObject({ outcome: "refused", exitCode: 1, steps: [{ name: "deploy", outcome: "not-run" }, { name: "notify", outcome: "not-run" }, { name: "notify", outcome: "ok" }] });
    expect(refused.reason).toMatch(/another run holds the lock/);
    first.child.kill("SIGINT");
    expect((await first.done).status).toBe(130);
    expect(p.audit().map((r) => r.outcome)).toEqual(["refused", "interrupted"]);
    // The notify file got the first run's start and the second run's refusal (no end: Ctrl-C).
    const sent = readFileSync(join(p.repo.dir, "notifications.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(sent.map((n) => `${n.phase}:${n.outcome}:${n.pid}`)).toEqual([`start:started:${first.child.pid}`, `refused:refused:${sent[1].pid}`]);
    expect(sent[1].reason).toMatch(/another run holds the lock/);
  });

  it("takes over a stale lock left by a dead process, with a warning in the output and the record", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"] });
    const dead = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const lock = join(p.repo.dir, ".rollsafe/rollback.lock");
    mkdirSync(join(p.repo.dir, ".rollsafe"));
    writeFileSync(lock, JSON.stringify({ pid: dead, host: hostname(), command: "rollsafe rollback --to v0.9.0", startedAt: "2020-01-01T00:00:00.000Z" }));
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`warning: took over a stale lock ${lock}: rollsafe rollback --to v0.9.0, pid ${dead}`);
    expect(p.names()).toEqual(["deploy"]);
    expect(p.audit()[0]!.warnings).toEqual([expect.stringContaining("took over a stale lock")]);
    expect(existsSync(lock)).toBe(false);
  });

  it.each([
    ["--to", "main;rm -rf ~", "it is not a valid ref name (git check-ref-format): use a tag, a branch or a full commit id"],
    ["--to", "--upload-pack=x", "it starts with -, which git would read as an option"],
    ["--to", "v1.0.0~1", "it is not a valid ref name (git check-ref-format): use a tag, a branch or a full commit id"],
    ["--from", "HEAD~1", "it is not a valid ref name (git check-ref-format): use a tag, a branch or a full commit id"],
  ])("refuses %s %j before doing anything, with an audit record", async (flag, ref, why) => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"] });
    const result = await rollback(p, `${flag}=${ref}`, "--execute");
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`rollsafe: rollback: ${flag} ${JSON.stringify(ref)} is refused: ${why}; nothing was run\n`);
    expect(existsSync(p.log)).toBe(false);
    const [record] = p.audit();
    expect(record).toMatchObject({ outcome: "refused", exitCode: 2, mode: "execute", steps: [] });
    expect(record![flag.slice(2)]).toEqual({ ref });
  });

  it("a ref printed by the previous-release command is checked like one typed", async () => {
    const p = project("service", { previousRelease: { command: [`${F}previous-release`] }, deploy: [`${F}deploy`, "{ref}"] }, { ROLLSAFE_FIXTURE_OUTPUT_PREVIOUS_RELEASE: "main;rm -rf ~" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('rollsafe: rollback: the previous release "main;rm -rf ~" is refused: it is not a valid ref name (git check-ref-format): use a tag, a branch or a full commit id; nothing was run\n');
    expect(p.names()).toEqual(["previous-release"]);
    expect(p.audit()[0]).toMatchObject({ outcome: "refused", exitCode: 2 });
  });

  it("finds the previous release with a command and a JSON path (a deploy history such as gh run list)", async () => {
    const p = project("service", { previousRelease: { command: [`${F}previous-release`, "--json", "headSha"], jsonPath: "[1].headSha" }, deploy: [`${F}deploy`, "{sha}"] });
    const head = p.repo.git("rev-parse", "HEAD").trim();
    p.env.ROLLSAFE_FIXTURE_OUTPUT_PREVIOUS_RELEASE = JSON.stringify([{ headSha: head }, { headSha: p.v1 }]);
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`target: ${p.v1}, printed by ${F}previous-release at [1].headSha, entry 2 of 2 ([1].headSha); skipped entry 1, the current release v1.1.0`);
    expect(fixtureRuns(p.log).map((r) => [r.name, r.argv])).toEqual([
      ["previous-release", ["--json", "headSha"]],
      ["deploy", [p.v1]],
    ]);
    expect(p.audit()[0]!.steps.map((s) => s.name)).toEqual(["previous release", "deploy"]);
    // The history printed a commit id; the record names it by its tag as well.
    expect(p.audit()[0]).toMatchObject({ to: { ref: p.v1, sha: p.v1, tag: "v1.0.0" }, from: { ref: "v1.1.0", tag: "v1.1.0" } });
  });

  it("refuses a deploy history whose skipped entry is not the current release: [1] would be two releases back", async () => {
    const p = project("service", { previousRelease: { command: [`${F}previous-release`], jsonPath: "[1].headSha" }, deploy: [`${F}deploy`, "{sha}"] });
    const older = p.repo.git("rev-parse", "v1.0.0^{commit}").trim();
    // The bad deploy of v1.1.0 is not in the history yet: [0] is v1.0.0, and [1] would be the release before it.
    p.env.ROLLSAFE_FIXTURE_OUTPUT_PREVIOUS_RELEASE = JSON.stringify([{ headSha: older }, { headSha: "0".repeat(40) }]);
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`rollsafe: rollback: the rollback.previousRelease command's output skips 0.headSha = "${older}", but none of it is the current release v1.1.0`);
    expect(result.stderr).toContain("[1].headSha would not be the release before it (two releases back, or more)");
    expect(p.names()).toEqual(["previous-release"]);
    expect(p.audit()[0]).toMatchObject({ outcome: "refused", exitCode: 2 });
  });

  it("finds the previous release by tag pattern, skipping other tags", async () => {
    const repo = taggedRepo();
    const v1 = repo.commit({ ...INIT }, "v1.0.0");
    repo.commit({ "src/a.ts": "1\n" }, "nightly-2024");
    repo.commit({ "src/a.ts": "2\n" }, "v1.1.0");
    writeFileSync(join(repo.dir, "rollsafe.config.json"), JSON.stringify({ rollback: { previousRelease: { tag: "v*" }, deploy: [`${F}deploy`, "{ref}", "{sha}"] } }));
    const result = await runCliAsync(["rollback", "--format", "json"], { cwd: repo.dir, env: { PATH: pathWithNode() } });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ from: { ref: "v1.1.0" }, to: { ref: "v1.0.0", sha: v1 }, toChosenBy: 'the newest tag matching "v*" before v1.1.0' });
  });

  it("watches the error rate until it is back at its baseline", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"], errorRate: { command: [`${F}error-rate`, "--window", "5m"], baseline: 0.05, intervalSeconds: 0.05, windowSeconds: 30 } }, { ROLLSAFE_FIXTURE_OUTPUT_ERROR_RATE: "0.5|0.2|0.01" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("[2/2] error rate: reading 1: 0.5 > 0.05");
    expect(result.stderr).toContain("[2/2] error rate: reading 3: 0.01 <= 0.05");
    expect(p.audit()[0]!.steps[1]).toMatchObject({ name: "error rate", outcome: "ok", readings: [0.5, 0.2, 0.01] });
  });

  it("with consecutive: 3, one good reading is not enough: a bad one starts the count again", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"], errorRate: { command: [`${F}error-rate`], baseline: 0.05, intervalSeconds: 0.05, windowSeconds: 30, consecutive: 3 } }, { ROLLSAFE_FIXTURE_OUTPUT_ERROR_RATE: "0.5|0.01|0.3|0.02|0.01|0.04" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("until it prints at most 0.05, 3 times in a row");
    expect(p.audit()[0]!.steps[1]).toMatchObject({ name: "error rate", outcome: "ok", readings: [0.5, 0.01, 0.3, 0.02, 0.01, 0.04] });
  });

  it("consecutive readings not reached within the window fail the run, saying how many were in a row", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"], errorRate: { command: [`${F}error-rate`], baseline: 0.05, intervalSeconds: 0.1, windowSeconds: 0.35, consecutive: 10 } }, { ROLLSAFE_FIXTURE_OUTPUT_ERROR_RATE: "0.01" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Failed at step "error rate": \d+ reading\(s\) in a row at or below the baseline 0\.05 after 0 s, 10 required/);
  });

  it("cacheTiming before-verification flushes the caches before the error rate is read", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"], caches: [[`${F}purge-cache`, "cdn"]], cacheTiming: "before-verification", errorRate: { command: [`${F}error-rate`], baseline: 0.05, intervalSeconds: 0.05, windowSeconds: 30 } }, { ROLLSAFE_FIXTURE_OUTPUT_ERROR_RATE: "0.01" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(0);
    expect(p.names()).toEqual(["deploy", "purge-cache", "error-rate"]);
    expect(p.audit()[0]!.steps.map((s) => s.name)).toEqual(["deploy", "cache", "error rate"]);
  });

  it("an error rate that stays above its baseline for the window fails the run", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"], errorRate: { command: [`${F}error-rate`], baseline: 0.05, intervalSeconds: 0.1, windowSeconds: 0.35 }, caches: [[`${F}purge-cache`]] }, { ROLLSAFE_FIXTURE_OUTPUT_ERROR_RATE: "0.5" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Failed at step "error rate": still above the baseline 0\.05 after 0 s \(last reading 0\.5\)/);
    expect(p.names().filter((n) => n === "purge-cache")).toEqual([]);
    expect(p.audit()[0]).toMatchObject({ outcome: "failed", steps: [{ outcome: "ok" }, { outcome: "failed" }, { outcome: "not-run" }] });
  });

  it("deploys from a temporary checkout of the target (SST, make), and removes it afterwards", async () => {
    const p = project("service", { checkout: true, prepare: [[`${F}prepare`, "ci"]], deploy: [`${F}deploy`, "--stage", "production"] }, { ROLLSAFE_FIXTURE_READ: "VERSION" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(0);
    const runs = fixtureRuns(p.log);
    expect(runs.map((r) => [r.name, r.read])).toEqual([
      ["prepare", "1.0.0\n"],
      ["deploy", "1.0.0\n"],
    ]);
    expect(runs[1]!.cwd).toMatch(/rollsafe-checkout-/);
    expect(existsSync(runs[1]!.cwd)).toBe(false);
    expect(p.repo.git("worktree", "list").trim().split("\n")).toHaveLength(1);
    expect(p.audit()[0]!.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(["checkout:ok", "prepare:ok", "deploy:ok", "remove checkout:ok"]);
  });

  it("--execute without a deploy command is a configuration error", async () => {
    const p = project("service", { smoke: [`${F}smoke`] });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("rollsafe: rollback --execute: rollback.deploy is not configured: nothing would redeploy v1.0.0\n");
    expect(existsSync(p.log)).toBe(false);
    expect(p.audit()[0]).toMatchObject({ outcome: "refused", exitCode: 2 });
  });

  it.each([
    ["{REF}", ["--ref", "{REF}"], 'rollback.deploy.2: unknown placeholder {REF} in "{REF}" (placeholders are lowercase: {ref})'],
    ["{sha_short}", ["{sha_short}"], 'rollback.deploy.1: unknown placeholder {sha_short} in "{sha_short}"'],
    ["{REDIS_HOST}", ["-h", "{REDIS_HOST}"], 'rollback.deploy.2: unknown placeholder {REDIS_HOST} in "{REDIS_HOST}"'],
  ])("an unknown placeholder %s is a configuration error naming it: exit 2, nothing run", async (_, args, message) => {
    const p = project("service", { deploy: [`${F}deploy`, ...args] });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`rollsafe: rollsafe.config.json: ${message}: the placeholders are {ref}, {sha}, {from}, {to}\n`);
    expect(existsSync(p.log)).toBe(false);
    expect(p.audit()[0]).toMatchObject({ outcome: "refused", exitCode: 2 });
  });

  it("$VAR in an argument draws a warning (no shell expands it) and reaches the program as typed", async () => {
    const p = project("service", { deploy: [`${F}deploy`, "{ref}"], caches: [[`${F}purge-cache`, "-h", "$REDIS_HOST"]] }, { REDIS_HOST: "cache.internal" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(0);
    const warning = `rollback.caches.0.2: "$REDIS_HOST" reaches the program as typed: no shell expands $REDIS_HOST; commands inherit rollsafe's environment, so let the program, or a script of yours that calls it, read REDIS_HOST from there`;
    expect(result.stdout).toContain(`warning: ${warning}`);
    expect(fixtureRuns(p.log).map((r) => r.argv)).toEqual([["v1.0.0"], ["-h", "$REDIS_HOST"]]);
    expect(p.audit()[0]!.warnings).toEqual([warning]);
  });

  it("an invalid configuration is one line, exit 2, and an audit record", async () => {
    const p = project("service", { deploy: "./deploy.sh {ref}" });
    const result = await rollback(p, "--execute");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rollsafe: rollsafe\.config\.json: rollback\.deploy: /);
    expect(p.audit()[0]).toMatchObject({ outcome: "refused", exitCode: 2 });
  });
});

describe("rollsafe rollback: the target must be a release the deployed one was built on", () => {
  /** v1.0.0, v1.2.0, then v1.4.0-dr (dropping a column and deleting rows) on top; v1.2.0 checked out. */
  function newerTarget() {
    const repo = taggedRepo();
    repo.commit({ ...INIT, "migrations/002_votes.sql": 'CREATE TABLE "Vote" (id bigint PRIMARY KEY, score integer);\n' }, "v1.0.0");
    const v12 = repo.commit({ "src/app.ts": "export const version = 12;\n" }, "v1.2.0");
    const dr = repo.commit({ "migrations/003_drop.sql": 'ALTER TABLE users DROP COLUMN name;\nDELETE FROM "Vote";\n' }, "v1.4.0-dr");
    repo.git("checkout", "-q", "v1.2.0");
    writeFileSync(join(repo.dir, "rollsafe.config.json"), JSON.stringify({ rollback: { deploy: [`${F}deploy`, "{ref}"], notify: [`${F}notify`] } }));
    const log = join(mkdtempSync(join(tmpdir(), "rollsafe-fixture-log-")), "runs.jsonl");
    const audit = () => readFileSync(join(repo.dir, ".rollsafe/audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record_);
    return { repo, v12, dr, log, env: { PATH: pathWithNode(), ROLLSAFE_FIXTURE_LOG: log }, audit };
  }

  it("refuses a newer target (a descendant adding DROP COLUMN and DELETE) for --execute: exit 1, nothing run, recorded as refused", async () => {
    const t = newerTarget();
    const result = await runCliAsync(["rollback", "--to", "v1.4.0-dr", "--execute"], { cwd: t.repo.dir, env: t.env });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`Rollback plan: v1.2.0 (${t.v12.slice(0, 12)}) -> v1.4.0-dr (${t.dr.slice(0, 12)})`);
    expect(result.stdout).toContain("Path: none: the target v1.4.0-dr was not assessed");
    expect(result.stdout).not.toContain("Service rollback");
    expect(result.stdout).toContain("Refused: v1.4.0-dr descends from v1.2.0 (a newer release): deploying it is a roll-forward, not a rollback.");
    expect(result.stdout).toContain("1 migration file(s) v1.4.0-dr has and v1.2.0 does not (migrations/003_drop.sql) were not assessed; `rollsafe report v1.2.0..v1.4.0-dr` assesses them. --execute never overrides this.");
    expect(result.stdout).toContain("$ rollsafe report v1.2.0..v1.4.0-dr");
    // Nothing ran but the notification of the refusal.
    expect(fixtureRuns(t.log).map((r) => r.name)).toEqual(["notify"]);
    expect(JSON.parse(fixtureRuns(t.log)[0]!.stdin!)).toMatchObject({ phase: "refused", failureClass: "target not assessed", to: { ref: "v1.4.0-dr", tag: "v1.4.0-dr" } });
    const [record] = t.audit();
    expect(record).toMatchObject({ mode: "execute", outcome: "refused", exitCode: 1, verdict: "unknown", from: { ref: "v1.2.0", sha: t.v12 }, to: { ref: "v1.4.0-dr", sha: t.dr } });
    expect(record!.reason).toMatch(/^v1\.4\.0-dr descends from v1\.2\.0/);
    expect(record!.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(["notify:ok"]);

    // What the refusal points at: the report of that range says what v1.4.0-dr would destroy.
    const report = await runCliAsync(["report", "v1.2.0..v1.4.0-dr"], { cwd: t.repo.dir, env: t.env });
    expect(report.stdout).toMatch(/Disaster recovery/);
  });

  it("the plan without --execute says so too, and --format json lists the unassessed migrations", async () => {
    const t = newerTarget();
    const result = await runCliAsync(["rollback", "--to", "v1.4.0-dr", "--format", "json"], { cwd: t.repo.dir, env: t.env });
    expect(result.status).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ outcome: "refused", safe: false, verdict: "unknown", unassessed: ["migrations/003_drop.sql"] });
    expect(doc.refusal).toMatch(/descends from v1\.2\.0/);
    expect(t.audit()[0]).toMatchObject({ mode: "plan", outcome: "refused", exitCode: 1 });
  });

  it("refuses a target on another line of history, even one without migrations of its own", async () => {
    const t = newerTarget();
    t.repo.git("checkout", "-q", "-b", "hotfix", "v1.0.0");
    t.repo.commit({ "src/app.ts": "export const version = 11;\n" }, "v1.1.1");
    t.repo.git("checkout", "-q", "v1.2.0");
    const result = await runCliAsync(["rollback", "--to", "v1.1.1", "--execute"], { cwd: t.repo.dir, env: t.env });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("Refused: v1.1.1 is not an ancestor of v1.2.0 (another line of history). rollsafe rollback only goes back to a release that v1.2.0 was built on; what v1.1.1 changes was not assessed.");
    expect(existsSync(t.log)).toBe(false);
  });

  it("rolls back to an ancestor as before", async () => {
    const t = newerTarget();
    const result = await runCliAsync(["rollback", "--execute"], { cwd: t.repo.dir, env: t.env });
    expect(result.status).toBe(0);
    expect(fixtureRuns(t.log).map((r) => [r.name, r.argv])).toEqual([
      ["notify", []],
      ["deploy", ["v1.0.0"]],
      ["notify", []],
    ]);
  });
});
