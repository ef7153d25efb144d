// `rollsafe migrate-down` end to end against the local PostgreSQL: a fresh database per test, the up
// migrations applied and recorded as golang-migrate or dbmate record them, the built CLI as a child
// process. Each test checks the database afterwards, the tracking table, the snapshot and the audit record.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXECUTOR_FIXTURES, pathWithNode } from "./support/fixture-log.js";
import { runCliAsync, startCli, waitFor } from "./support/run-cli-async.js";
import { postgresAvailable, scratchDatabase, type ScratchDatabase } from "./support/scratch-database.js";
import { taggedRepo } from "./support/tagged-repo.js";

let available = false;
beforeAll(async () => {
  available = await postgresAvailable();
});

let db: ScratchDatabase | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

type AuditLine = Record<string, unknown> & { outcome: string; exitCode: number; reason: string; steps: Array<{ name: string; outcome: string; detail?: string }> };

/** A working folder holding a copy of a fixture folder as `migrations/`, and its audit log. */
function workdir(fixture: string) {
  const dir = mkdtempSync(join(tmpdir(), "rollsafe-md-"));
  mkdirSync(join(dir, "migrations"));
  for (const file of readdirSync(join(EXECUTOR_FIXTURES, fixture))) writeFileSync(join(dir, "migrations", file), readFileSync(join(EXECUTOR_FIXTURES, fixture, file)));
  return {
    dir,
    audit: (): AuditLine[] => {
      const file = join(dir, ".rollsafe/audit.jsonl");
      return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as AuditLine) : [];
    },
  };
}

/** Applies the up migrations of a golang-migrate folder and records the last version as golang-migrate does. */
async function applyGolangMigrate(database: ScratchDatabase, dir: string, upTo: number): Promise<void> {
  const ups = readdirSync(join(dir, "migrations")).filter((f) => f.endsWith(".up.sql")).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  await database.client.query("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)");
  for (const file of ups.filter((f) => parseInt(f, 10) <= upTo)) await database.client.query(readFileSync(join(dir, "migrations", file), "utf8"));
  await database.client.query("INSERT INTO schema_migrations (version, dirty) VALUES ($1, false)", [upTo]);
}

async function tracking(database: ScratchDatabase): Promise<Array<Record<string, unknown>>> {
  return (await database.client.query("SELECT * FROM schema_migrations ORDER BY version")).rows;
}

async function columns(database: ScratchDatabase, table: string): Promise<string[]> {
  return (await database.client.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position", [table])).rows.map((r) => r.column_name as string);
}

async function tables(database: ScratchDatabase): Promise<string[]> {
  return (await database.client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).rows.map((r) => r.table_name as string);
}

function migrateDown(dir: string, url: string, ...extra: string[]) {
  return runCliAsync(["migrate-down", "--steps", "1", "--approved-by", "alice", "--reason", "INC-42: v1.5.0 corrupts orders", "--database-url", url, "migrations", ...extra], { cwd: dir, env: { PATH: pathWithNode() } });
}

describe("rollsafe migrate-down", () => {
  it("golang-migrate: one step per run, each after a pg_dump snapshot, the data it destroys listed and recorded", async ({ skip }) => {
    if (!available) skip();
    db = await scratchDatabase("rollsafe_md");
    const w = workdir("golang-migrate");
    await applyGolangMigrate(db, w.dir, 3);
    await db.client.query("INSERT INTO users (id, name) VALUES (1, 'ada'); INSERT INTO orders (id, user_id, total) VALUES (1, 1, 9.5)");

    const first = await migrateDown(w.dir, db.url);
    expect(first.status).toBe(0);
    expect(await tables(db)).toEqual(["schema_migrations", "users"]);
    expect(await tracking(db)).toEqual([{ version: "2", dirty: false }]);
    expect(first.stderr).toContain("migrate-down: reverting 3_create_orders (version 3)");
    expect(first.stderr).toContain("approved by alice: INC-42: v1.5.0 corrupts orders");
    expect(first.stderr).toMatch(/destroys: migrations\/3_create_orders\.down\.sql:1:1 dropping-table: /);
    expect(first.stdout).toContain("Done: reverted 3_create_orders (version 3); schema_migrations now at 2.");
    const [record] = w.audit();
    expect(record).toMatchObject({ command: "migrate-down", outcome: "succeeded", exitCode: 0, approval: { by: "alice", reason: "INC-42: v1.5.0 corrupts orders" }, who: { approvedBy: "alice" }, versions: { from: "3", to: "2" }, migrations: ["migrations/3_create_orders.up.sql"] });
    expect(record!.database).toBe(db.url);
    expect(record!.dataLoss).toEqual([expect.stringMatching(/^migrations\/3_create_orders\.down\.sql:1:1 dropping-table: /)]);
    expect(record!.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(["snapshot:ok", "down:ok", "verify:ok"]);
    const snapshot = String(record!.snapshot);
    expect(snapshot).toMatch(/\.rollsafe\/snapshots\/.*-before-down-3\.sql$/);
    // The snapshot was taken before the step: it still has the table the step dropped.
    expect(readFileSync(snapshot, "utf8")).toContain("CREATE TABLE public.orders");

    const second = await migrateDown(w.dir, db.url);
    expect(second.status).toBe(0);
    expect(await columns(db, "users")).toEqual(["id", "name"]);
    expect(await tracking(db)).toEqual([{ version: "1", dirty: false }]);
    expect(w.audit()[1]).toMatchObject({ outcome: "succeeded", versions: { from: "2", to: "1" } });

    const third = await migrateDown(w.dir, db.url);
    expect(third.status).toBe(0);
    expect(await tables(db)).toEqual(["schema_migrations"]);
    // No migration left: golang-migrate keeps an empty table.
    expect(await tracking(db)).toEqual([]);
    expect(w.audit()[2]).toMatchObject({ outcome: "succeeded", versions: { from: "1", to: null } });

    const fourth = await migrateDown(w.dir, db.url);
    expect(fourth.status).toBe(1);
    expect(fourth.stdout).toContain("Refused: schema_migrations in");
    expect(w.audit()[3]).toMatchObject({ outcome: "refused", exitCode: 1 });
  });

  it("dbmate: deletes the reverted version's row, as dbmate does", async ({ skip }) => {
    if (!available) skip();
    db = await scratchDatabase("rollsafe_md");
    const w = workdir("dbmate");
    await db.client.query("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)");
    for (const file of readdirSync(join(w.dir, "migrations")).sort()) {
      const text = readFileSync(join(w.dir, "migrations", file), "utf8");
      await db.client.query(text.slice(0, text.indexOf("-- migrate:down")));
      await db.client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [file.slice(0, 14)]);
    }
    const result = await migrateDown(w.dir, db.url);
    expect(result.status).toBe(0);
    expect(await tracking(db)).toEqual([{ version: "20240101000000" }]);
    expect(await columns(db, "users")).toEqual(["id", "name"]);
    expect(w.audit()[0]).toMatchObject({ outcome: "succeeded", versions: { from: "20240102000000", to: "20240101000000" } });
    expect(w.audit()[0]!.dataLoss).toEqual([expect.stringMatching(/^migrations\/20240102000000_add_email\.sql:7:19 dropping-column: /)]);
  });

  it("a down migration that fails halfway is rolled back whole: schema and tracking table unchanged", async ({ skip }) => {
    if (!available) skip();
    db = await scratchDatabase("rollsafe_md");
    const w = workdir("golang-migrate-fails-halfway");
    await applyGolangMigrate(db, w.dir, 2);
    const result = await migrateDown(w.dir, db.url);
    expect(result.status).toBe(1);
    // The first statement (DROP COLUMN nickname) ran and was rolled back with the second.
    expect(await columns(db, "users")).toEqual(["id", "name", "nickname"]);
    expect(await tracking(db)).toEqual([{ version: "2", dirty: false }]);
    expect(result.stdout).toContain('Failed: migrations/2_add_nickname.down.sql:3:1: relation "no_such_table" does not exist; the transaction was rolled back: the schema and schema_migrations are unchanged');
    const [record] = w.audit();
    expect(record).toMatchObject({ outcome: "failed", exitCode: 1 });
    expect(record!.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(["snapshot:ok", "down:failed"]);
    expect(existsSync(String(record!.snapshot))).toBe(true);
  });

  it("a down migration that leaves the schema unlike the previous migration is rolled back before COMMIT", async ({ skip }) => {
    if (!available) skip();
    db = await scratchDatabase("rollsafe_md");
    const w = workdir("golang-migrate-incomplete-down");
    await applyGolangMigrate(db, w.dir, 2);
    const result = await migrateDown(w.dir, db.url);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("mismatch: column public.users.nickname should be gone, and still exists");
    expect(await columns(db, "users")).toEqual(["id", "name", "age", "nickname"]);
    expect(await tracking(db)).toEqual([{ version: "2", dirty: false }]);
    expect(w.audit()[0]!.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(["snapshot:ok", "down:ok", "verify:failed"]);
  });

  it("without pg_dump the snapshot is a catalog query dump", async ({ skip }) => {
    if (!available) skip();
    db = await scratchDatabase("rollsafe_md");
    const w = workdir("golang-migrate");
    await applyGolangMigrate(db, w.dir, 2);
    const result = await runCliAsync(["migrate-down", "--steps", "1", "--approved-by", "bob", "--reason", "test", "--database-url", db.url, "migrations"], { cwd: w.dir, env: { PATH: "/nonexistent" } });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("catalog query dump: pg_dump is not available");
    const [record] = w.audit();
    const snapshot = JSON.parse(readFileSync(String(record!.snapshot), "utf8"));
    expect(snapshot.method).toBe("catalog query (pg_dump unavailable)");
    expect(snapshot.columns.filter((c: { table: string }) => c.table === "users").map((c: { name: string }) => c.name)).toEqual(["id", "name", "age"]);
    expect(snapshot.indexes.map((i: { name: string }) => i.name)).toContain("users_age_idx");
    expect(record!.warnings).toEqual([expect.stringContaining("pg_dump is not available")]);
  });

  it("Ctrl-C while the down SQL runs cancels it and rolls back: exit 130, nothing changed", async ({ skip }) => {
    if (!available) skip();
    db = await scratchDatabase("rollsafe_md");
    const w = workdir("golang-migrate-slow-down");
    await applyGolangMigrate(db, w.dir, 2);
    const cli = startCli(["migrate-down", "--steps", "1", "--approved-by", "carol", "--reason", "test", "--database-url", db.url, "migrations"], { cwd: w.dir, env: { PATH: pathWithNode() } });
    await waitFor(() => cli.output().stderr.includes("[2/3] down:"), 20_000, "the down step to start");
    // Interrupt only once the server is inside the down SQL's pg_sleep.
    const sleeping = async () => (await db!.client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()", [db!.name])).rows[0]!.n > 0;
    for (let i = 0; i < 200 && !(await sleeping()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await sleeping()).toBe(true);
    cli.child.kill("SIGINT");
    const result = await cli.done;
    expect(result.status).toBe(130);
    expect(await columns(db, "users")).toEqual(["id", "name", "age"]);
    expect(await tracking(db)).toEqual([{ version: "2", dirty: false }]);
    const [record] = w.audit();
    expect(record).toMatchObject({ outcome: "interrupted", exitCode: 130 });
    expect(record!.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(["snapshot:ok", "down:interrupted"]);
    expect(existsSync(join(w.dir, ".rollsafe/rollback.lock"))).toBe(false);
  });

  it("refuses a dirty golang-migrate version", async ({ skip }) => {
    if (!available) skip();
    db = await scratchDatabase("rollsafe_md");
    const w = workdir("golang-migrate");
    await applyGolangMigrate(db, w.dir, 2);
    await db.client.query("UPDATE schema_migrations SET dirty = true");
    const result = await migrateDown(w.dir, db.url);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("Refused: schema_migrations marks version 2 dirty");
    expect(await columns(db, "users")).toEqual(["id", "name", "age"]);
    expect(w.audit()[0]).toMatchObject({ outcome: "refused", steps: [] });
  });

  it("refuses while another rollback holds the lock", async ({ skip }) => {
    if (!available) skip();
    db = await scratchDatabase("rollsafe_md");
    const w = workdir("golang-migrate");
    await applyGolangMigrate(db, w.dir, 2);
    mkdirSync(join(w.dir, ".rollsafe"));
    writeFileSync(join(w.dir, ".rollsafe/rollback.lock"), JSON.stringify({ pid: process.pid, host: hostname(), command: "rollsafe rollback --to v1.4.0", startedAt: new Date().toISOString() }));
    const result = await migrateDown(w.dir, db.url);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`Refused: another run holds the lock`);
    expect(await tracking(db)).toEqual([{ version: "2", dirty: false }]);
    expect(w.audit()[0]).toMatchObject({ outcome: "refused", exitCode: 1, steps: [] });
  });

  it.each([
    [["--steps", "2"], "migrate-down: --steps 2: exactly one step per run (--steps 1); run it again for the next step, after checking the first"],
    [["--steps", "1", "--reason", "x"], "migrate-down: --approved-by <name> is required: who approved running a down migration"],
    [["--steps", "1", "--approved-by", "  "], "migrate-down: --approved-by <name> is required: who approved running a down migration"],
    [["--steps", "1", "--approved-by", "a"], "migrate-down: --reason <text> is required: why the last-resort path is taken"],
    [["--steps", "1", "--approved-by", "a", "--reason", "b", "--database-url", "mysql://x/y"], "migrate-down: --database-url: expected a postgres:// URL, got mysql://"],
  ])("usage errors are one line and exit 2, recorded: %j", async (args, message) => {
    const w = workdir("golang-migrate");
    const result = await runCliAsync(["migrate-down", ...args, ...(args.includes("--database-url") ? [] : ["--database-url", "postgres://nobody@127.0.0.1:1/none"]), "migrations"], { cwd: w.dir, env: { PATH: pathWithNode() } });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`rollsafe: ${message}\n`);
    expect(w.audit()[0]).toMatchObject({ command: "migrate-down", outcome: "refused", exitCode: 2, reason: message });
  });

  it("Prisma has no down migrations: says so and prints the report's corrective forward migration", async () => {
    const repo = taggedRepo();
    repo.commit({ "prisma/migrations/20240101000000_init/migration.sql": 'CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL);\n' }, "v1.0.0");
    repo.commit({ "prisma/migrations/20240102000000_email/migration.sql": 'ALTER TABLE "User" ADD COLUMN "email" TEXT NOT NULL;\n' }, "v1.1.0");
    const result = await runCliAsync(["migrate-down", "--steps", "1", "--approved-by", "a", "--reason", "b", "--database-url", "postgres://nobody@127.0.0.1:1/none"], { cwd: repo.dir, env: { PATH: pathWithNode() } });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("Refused: Prisma Migrate has no down migrations: there is no step to run down; ship the corrective forward migration below instead");
    expect(result.stdout).toContain('ALTER TABLE "User" ALTER COLUMN "email" DROP NOT NULL;');
    const audit = readFileSync(join(repo.dir, ".rollsafe/audit.jsonl"), "utf8");
    expect(JSON.parse(audit)).toMatchObject({ command: "migrate-down", outcome: "refused", exitCode: 1 });
  });
});
