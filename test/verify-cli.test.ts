// `rollsafe verify` end to end: the built CLI as a child process, on PGlite (no server) and on the local
// PostgreSQL, with text and JSON output, --changed-since in a real git repository, exit codes and Ctrl-C.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { commitAll, git, repoWithMain, writeFiles } from "./support/git-repo.js";
import { REPO_ROOT, runCli, tempProject } from "./support/run-cli.js";

/** The empty-cluster image the verify package's tests share (so a CLI run restores it instead of running initdb). */
const BASE_IMAGE_DIR = join(tmpdir(), "rollsafe-verify-test-base");
const POSTGRES_URL = process.env.ROLLSAFE_TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** A project folder with the given migrations and the shared base image in its cache. */
function project(files: Record<string, string>, dir = tempProject(files)): string {
  const cache = join(dir, ".rollsafe", "cache", "verify-2");
  mkdirSync(cache, { recursive: true });
  if (existsSync(BASE_IMAGE_DIR)) for (const f of readdirSync(BASE_IMAGE_DIR).filter((n) => n.startsWith("pglite-base-"))) cpSync(join(BASE_IMAGE_DIR, f), join(cache, f));
  return dir;
}

function fixture(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(REPO_ROOT, folder))) files[`m/${name}`] = readFileSync(join(REPO_ROOT, folder, name), "utf8");
  return files;
}

let postgresUp = false;
beforeAll(async () => {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  postgresUp = await client.connect().then(
    () => client.end().then(() => true),
    () => false,
  );
  if (!postgresUp && process.env.CI) throw new Error(`${POSTGRES_URL} is not reachable`);
});

describe("rollsafe verify", () => {
  it("verifies the bundled example on PGlite with no server, then again from the cache", () => {
    const dir = project({});
    cpSync(join(REPO_ROOT, "fixtures/example/drizzle"), join(dir, "drizzle"), { recursive: true });
    const first = runCli(["verify", "drizzle"], { cwd: dir });
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^rollsafe verify on PGlite \(PostgreSQL 1[78]\.\d+\) drizzle$/m);
    // The narrowing type change of the third migration rewrites the table.
    expect(first.stdout).toMatch(/^drizzle\/0002_contract\.sql$/m);
    expect(first.stdout).toMatch(/^ {2}6:1 +AlterTable +ACCESS EXCLUSIVE posts, .* rewrote posts/m);
    expect(first.stdout).toMatch(/✔ 3 migration\(s\), 13 statement\(s\) traced, 1 rewrite\(s\), 0 static-observed mismatch\(es\)/);
    // A folder of states in an earlier layout (an older rollsafe) is of no use: it goes.
    const older = join(dir, ".rollsafe", "cache", "verify-1");
    mkdirSync(older, { recursive: true });
    writeFileSync(join(older, "verify-0123.tar.gz"), "an old state");
    const second = runCli(["verify", "drizzle"], { cwd: dir });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("3 from the cache");
    expect(second.stdout).toContain("drizzle/0002_contract.sql (from the cache)");
    expect(existsSync(older)).toBe(false);
    // A cache that git tracks came from a commit, not from this machine's runs: it is not restored.
    git(dir, "init", "-q");
    git(dir, "add", "-f", ".rollsafe/cache");
    const tracked = runCli(["verify", "drizzle"], { cwd: dir });
    expect(tracked.status).toBe(0);
    expect(tracked.stdout).not.toContain("from the cache");
    expect(tracked.stdout + tracked.stderr).toMatch(/\.rollsafe\/cache: the cache here was neither read nor written: git tracks files in it/);
  }, 120_000);

  it("writes the documented JSON", () => {
    const dir = project(fixture("fixtures/verify/locks"));
    const { status, stdout } = runCli(["verify", "m", "--format", "json", "--no-cache"], { cwd: dir });
    expect(status).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(["engine", "serverVersion", "roots", "statements", "migrations", "failure", "missingExtensions", "problems", "summary"]);
    expect(json.engine).toBe("pglite");
    const fk = json.statements.find((s: { path: string; line: number }) => s.path === "m/0002_change.sql" && s.line === 3);
    expect(Object.keys(fk)).toEqual(["path", "line", "column", "kind", "transaction", "locks", "rewrote", "durationMs", "error", "notes"]);
    expect(fk).toMatchObject({ column: 1, kind: "AlterTableStmt", rewrote: [], error: null, notes: [] });
    expect(fk.locks.slice(0, 2)).toEqual([
      { relation: "public.posts", mode: "SHARE ROW EXCLUSIVE" },
      { relation: "public.users", mode: "SHARE ROW EXCLUSIVE" },
    ]);
    expect(json.summary).toMatchObject({ migrations: 4, statements: 25, failed: 0, rewrites: 2, mismatches: 0 });
  }, 120_000);

  it("exits 1 at a failing statement, naming file, line and column", () => {
    const dir = project(fixture("fixtures/verify/failing"));
    const { status, stdout, stderr } = runCli(["verify", "m"], { cwd: dir });
    expect(stderr).toBe("");
    expect(status).toBe(1);
    expect(stdout).toContain('Failed at m/0002_broken.sql:6:7: column "title" does not exist');
  }, 120_000);

  it("exits 2 with one line for a --database-url it cannot use", () => {
    const dir = project(fixture("fixtures/verify/failing"));
    const bad = runCli(["verify", "m", "--database-url", "mysql://localhost/db"], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("rollsafe: --database-url: expected a postgres:// or postgresql:// URL\n");
    const refused = runCli(["verify", "m", "--database-url", "postgresql://postgres@127.0.0.1:1/test"], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^rollsafe: --database-url: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
  });

  it("with --changed-since traces only the branch's migrations and reports what they changed in the catalog", () => {
    const dir = repoWithMain({
      "m/0001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text, nickname text, age integer);\n",
      "m/0002_orders.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n",
    });
    writeFiles(dir, { "m/0003_contract.sql": "ALTER TABLE users DROP COLUMN nickname;\nALTER TABLE users RENAME COLUMN email TO mail;\nALTER TABLE users ALTER COLUMN age TYPE smallint;\nALTER TABLE users ALTER COLUMN mail SET NOT NULL;\nCREATE UNIQUE INDEX users_mail_key ON users (mail);\n" });
    commitAll(dir, "feature: contract");
    project({}, dir);
    const { status, stdout, stderr } = runCli(["verify", "m", "--changed-since", "main", "--format", "json"], { cwd: dir });
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.checked).toEqual(["m/0003_contract.sql"]);
    expect(json.migrations.map((m: { source: string }) => m.source)).toEqual(["history", "history", "traced"]);
    expect(json.statements.map((s: { path: string }) => s.path)).toEqual(Array(5).fill("m/0003_contract.sql"));
    expect(json.compat.map((c: { kind: string; object: string; breaking: boolean; staticRules: string[] }) => [c.kind, c.object, c.breaking, c.staticRules])).toEqual([
      ["column-type-changed", "public.users.age", true, ["changing-column-type"]],
      ["column-renamed", "public.users.email", true, ["renaming-column"]],
      ["column-made-not-null", "public.users.email", true, ["setting-not-null"]],
      ["column-made-unique", "public.users.mail", true, ["adding-unique-constraint"]],
      ["column-dropped", "public.users.nickname", true, ["dropping-column"]],
    ]);
  }, 120_000);

  it("feeds rollsafe report --verify: the release's breaking changes observed on PostgreSQL, as evidence", () => {
    const dir = repoWithMain({ "migrations/001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text);\n" });
    git(dir, "tag", "-a", "v1.0.0", "-m", "v1.0.0");
    writeFiles(dir, { "migrations/002_drop.sql": "ALTER TABLE users DROP COLUMN name;\n" });
    commitAll(dir, "release: drop");
    project({}, dir);
    const { status, stdout, stderr } = runCli(["report", "v1.0.0..HEAD", "--verify", "--format", "json"], { cwd: dir });
    expect(stderr).toBe("");
    expect(status).toBe(1);
    const observed = JSON.parse(stdout).evidence.find((e: { source: string }) => e.source === "observed on PostgreSQL");
    expect(observed.used).toBe(true);
    expect(observed.detail).toMatch(/^the release's migrations apply on PostgreSQL 1[78]\.\d+ \(PGlite\); 1 breaking catalog change\(s\) observed, 1 of them reported by the static rules$/);
    // Without --verify the evidence says how to get it.
    const plain = JSON.parse(runCli(["report", "v1.0.0..HEAD", "--format", "json"], { cwd: dir }).stdout);
    expect(plain.evidence.find((e: { source: string }) => e.source === "observed on PostgreSQL")).toMatchObject({ used: false });
  }, 120_000);

  it("on the local PostgreSQL: the same result, in a temporary database; Ctrl-C exits 130 and drops it", async (context) => {
    if (!postgresUp) return context.skip();
    const dir = project(fixture("fixtures/verify/locks"));
    const onServer = runCli(["verify", "m", "--database-url", POSTGRES_URL], { cwd: dir });
    expect(onServer.status).toBe(0);
    expect(onServer.stdout).toMatch(/^rollsafe verify on PostgreSQL 1\d\.\d+ \(a temporary database, dropped\)/);
    expect(onServer.stdout).toContain("4 migration(s), 25 statement(s) traced, 2 rewrite(s), 0 static-observed mismatch(es)");

    const slow = project({ "m/0001_slow.sql": "CREATE TABLE t (id int);\nSELECT pg_sleep(60);\n" });
    const child = spawn(process.execPath, [join(REPO_ROOT, "packages/cli/bin/rollsafe.js"), "verify", "m", "--database-url", POSTGRES_URL], { cwd: slow, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const started = Date.now();
    setTimeout(() => child.kill("SIGINT"), 2500);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(stderr).toContain("verify interrupted");
    // Nothing of the child's is left on the server.
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [`rollsafe\\_verify\\_${child.pid}\\_%`]);
    await client.end();
    expect(rows).toEqual([]);
  }, 120_000);
});
