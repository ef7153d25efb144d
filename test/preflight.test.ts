// `rollsafe preflight` end to end: artifacts made by `rollsafe report` from real git repositories,
// ledgers shaped as drizzle-kit, Prisma, golang-migrate and dbmate create them, in a fresh database
// per test on the local PostgreSQL, and the built CLI as a child process.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gitRepo, type Repo } from "./support/git-repo.js";
import { freshDatabase, RUN_POSTGRES_TESTS, type TestDatabase } from "./support/postgres.js";
import { releaseSafetyErrors } from "./support/release-safety-schema.js";
import { REPO_ROOT, runCli } from "./support/run-cli.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const databases: TestDatabase[] = [];
async function database(): Promise<TestDatabase> {
  const db = await freshDatabase();
  databases.push(db);
  return db;
}
afterEach(async () => {
  for (const db of databases.splice(0)) await db.drop();
});

/** Writes the artifact of `range` into the repository and returns its path. */
function makeArtifact(repo: Repo, range: string, dir: string, ...flags: string[]): string {
  const result = runCli(["report", range, dir, "--format", "release-safety", ...flags], { cwd: repo.dir });
  expect(result.stderr).toBe("");
  const doc = JSON.parse(result.stdout);
  expect(releaseSafetyErrors(doc)).toEqual([]);
  const file = join(repo.dir, `${range.replace(/\W+/g, "_")}.json`);
  writeFileSync(file, result.stdout);
  return file;
}

/** `rollsafe preflight --format json`, with the exit code. */
function preflight(db: TestDatabase, artifact: string, ...flags: string[]) {
  const result = runCli(["preflight", "--database-url", db.url, "--artifact", artifact, "--format", "json", ...flags]);
  expect(result.stderr).toBe("");
  return { status: result.status, doc: JSON.parse(result.stdout) };
}

// drizzle-kit: migrations listed in meta/_journal.json, each with its `when`.
const WHEN = [1_700_000_000_000, 1_700_000_100_000, 1_700_000_200_000, 1_700_000_300_000];
const DRIZZLE_SQL = [
  'CREATE TABLE "users" ("id" bigint PRIMARY KEY, "name" text, "email" text);',
  'ALTER TABLE "users" ADD COLUMN "age" integer;',
  'CREATE TABLE "orders" ("id" bigint PRIMARY KEY, "user_id" bigint);',
  'ALTER TABLE "users" DROP COLUMN "name";',
];
const TAGS = ["0000_init", "0001_age", "0002_orders", "0003_drop_name"];

function journal(count: number): string {
  const entries = TAGS.slice(0, count).map((tag, idx) => ({ idx, version: "7", when: WHEN[idx], tag, breakpoints: true }));
  return `${JSON.stringify({ version: "7", dialect: "postgresql", entries }, null, 2)}\n`;
}

/** v1.0.0 .. v1.3.0, one drizzle migration per release; v1.3.0 drops a column. */
function drizzleRepo(): Repo {
  const repo = gitRepo();
  for (let i = 0; i < TAGS.length; i++) repo.commit({ [`drizzle/${TAGS[i]}.sql`]: `${DRIZZLE_SQL[i]}\n`, "drizzle/meta/_journal.json": journal(i + 1) }, `v1.${i}.0`);
  return repo;
}

/** The ledger as drizzle-orm's migrator writes it: `hash` the SHA-256 of the file, `created_at` the journal's `when`. */
async function drizzleApplied(db: TestDatabase, repo: Repo, count: number): Promise<void> {
  await db.sql('CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)');
  for (let i = 0; i < count; i++) {
    const text = readFileSync(join(repo.dir, `drizzle/${TAGS[i]}.sql`), "utf8");
    await db.sql(text);
    await db.sql("INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)", [sha256(text), WHEN[i]]);
  }
}

describe.skipIf(!RUN_POSTGRES_TESTS)("rollsafe preflight: drizzle-kit's ledger", () => {
  it("names the pending migrations and judges the upgrade from the database's release (safe: exit 0), without writing", async () => {
    const repo = drizzleRepo();
    const artifact = makeArtifact(repo, "v1.0.0..v1.2.0", "drizzle", "--per-release");
    const db = await database();
    await drizzleApplied(db, repo, 1);
    // Any write preflight attempted would now fail; it must not need one.
    await db.sql(`ALTER DATABASE ${db.name} SET default_transaction_read_only = on`);
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(0);
    expect(doc).toMatchObject({ ledger: { kind: "drizzle", table: "drizzle.__drizzle_migrations", found: true, rows: 1 }, current: "v1.0.0", target: "v1.2.0", applied: 1, ok: true, span: { safe: true, requiredStops: [] } });
    expect(doc.pending.map((m: { name: string; release: string }) => [m.name, m.release])).toEqual([
      ["0001_age", "v1.1.0"],
      ["0002_orders", "v1.2.0"],
    ]);
    expect([doc.unknownApplied, doc.edited, doc.skipped, doc.failed]).toEqual([[], [], [], []]);
    expect((await db.sql("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations")).rows[0].n).toBe(1);
    // The text format, for a deploy log.
    const text = runCli(["preflight", "--artifact", artifact], { env: { DATABASE_URL: db.url } });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("Database at: v1.0.0; target v1.2.0; 1 applied, 2 pending");
    expect(text.stdout).toContain("Start v1.2.0: yes");
  });

  it("judges the span from a release inside the artifact's range with --per-release verdicts (a break: exit 1)", async () => {
    const repo = drizzleRepo();
    const artifact = makeArtifact(repo, "v1.0.0..v1.3.0", "drizzle", "--per-release");
    const db = await database();
    await drizzleApplied(db, repo, 2);
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(1);
    expect(doc).toMatchObject({ current: "v1.1.0", ok: false, span: { safe: false, requiredStops: [] } });
    expect(doc.pending.map((m: { name: string }) => m.name)).toEqual(["0002_orders", "0003_drop_name"]);
    expect(doc.reasons.join("\n")).toContain("v1.2.0..v1.3.0: drizzle/0003_drop_name.sql:1: Column \"name\" of existing table \"users\" is dropped");
  });

  it("cannot place a database inside the range without per-release verdicts: unknown (exit 1 unless --allow-unknown)", async () => {
    const repo = drizzleRepo();
    const artifact = makeArtifact(repo, "v1.0.0..v1.2.0", "drizzle");
    const db = await database();
    await drizzleApplied(db, repo, 2);
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(1);
    expect(doc.ok).toBe("unknown");
    expect(doc.reasons[0]).toContain("the artifact has no per-release verdicts: make it with --per-release");
    expect(preflight(db, artifact, "--allow-unknown").status).toBe(0);
  });

  it("reports ledger divergence: an applied migration the release does not have, an edited one, one drizzle will skip", async () => {
    const repo = drizzleRepo();
    const db = await database();
    await drizzleApplied(db, repo, 1);
    await db.sql("UPDATE drizzle.__drizzle_migrations SET hash = $1", [sha256("something else")]);
    await db.sql("INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)", [sha256("hotfix"), WHEN[1]! + 50_000]);
    const artifact = makeArtifact(repo, "v1.0.0..v1.2.0", "drizzle", "--per-release");
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(1);
    expect(doc.ok).toBe(false);
    expect(doc.unknownApplied).toEqual([String(WHEN[1]! + 50_000)]);
    expect(doc.edited.map((m: { name: string }) => m.name)).toEqual(["0000_init"]);
    // 0001_age's `when` is older than the newest applied row: drizzle-orm's migrator never runs it.
    expect(doc.skipped.map((m: { name: string }) => m.name)).toEqual(["0001_age"]);
    expect(doc.pending.map((m: { name: string }) => m.name)).toEqual(["0002_orders"]);
  });

  it("a fresh database (no ledger yet) is a fresh install: safe, and preflight creates nothing", async () => {
    const repo = drizzleRepo();
    const artifact = makeArtifact(repo, "v1.2.0..v1.3.0", "drizzle");
    const db = await database();
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(0);
    expect(doc).toMatchObject({ ledger: { found: false }, applied: 0, current: null, ok: true });
    expect(doc.pending).toHaveLength(4);
    expect((await db.sql("SELECT to_regnamespace('drizzle') AS s")).rows[0].s).toBeNull();
  });

  it("reads a ledger kept elsewhere with --ledger-table (drizzle's migrationsSchema/migrationsTable)", async () => {
    const repo = drizzleRepo();
    const artifact = makeArtifact(repo, "v1.0.0..v1.1.0", "drizzle");
    const db = await database();
    await db.sql(`CREATE SCHEMA app; CREATE TABLE app.migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint); INSERT INTO app.migrations (hash, created_at) VALUES ('${sha256(`${DRIZZLE_SQL[0]}\n`)}', ${WHEN[0]})`);
    expect(preflight(db, artifact).doc).toMatchObject({ ledger: { found: false }, current: null });
    const { status, doc } = preflight(db, artifact, "--ledger-table", "app.migrations");
    expect(status).toBe(0);
    expect(doc).toMatchObject({ ledger: { table: "app.migrations", found: true, rows: 1 }, current: "v1.0.0", applied: 1, edited: [] });
  });

  it("a database older than the artifact's range is unknown: the artifact has no verdict for that span", async () => {
    const repo = drizzleRepo();
    const artifact = makeArtifact(repo, "v1.2.0..v1.3.0", "drizzle");
    const db = await database();
    await drizzleApplied(db, repo, 1);
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(1);
    expect(doc.ok).toBe("unknown");
    expect(doc.reasons[0]).toContain("the database is older than the artifact's range (0001_age is pending");
  });
});

describe.skipIf(!RUN_POSTGRES_TESTS)("rollsafe preflight: Prisma, golang-migrate and dbmate ledgers", () => {
  const PRISMA = ["20240101000000_init", "20240201000000_age", "20240301000000_orders"];
  const PRISMA_SQL = ['CREATE TABLE "users" ("id" BIGINT PRIMARY KEY, "name" TEXT);\n', 'ALTER TABLE "users" ADD COLUMN "age" INTEGER;\n', 'CREATE TABLE "orders" ("id" BIGINT PRIMARY KEY);\n'];

  function prismaRepo(): Repo {
    const repo = gitRepo();
    PRISMA.forEach((name, i) => repo.commit({ [`prisma/migrations/${name}/migration.sql`]: PRISMA_SQL[i]!, "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n' }, `v${i + 1}.0.0`));
    return repo;
  }

  /** `_prisma_migrations` as Prisma's schema engine creates it. */
  async function prismaLedger(db: TestDatabase): Promise<void> {
    await db.sql(`CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
  }
  const prismaRow = (db: TestDatabase, i: number, finished = true) =>
    db.sql(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (gen_random_uuid()::text, $1, ${finished ? "now()" : "NULL"}, $2, 1)`, [sha256(PRISMA_SQL[i]!), PRISMA[i]]);

  it("Prisma: matches rows by migration_name and checksum; a CRLF checkout still matches", async () => {
    const repo = prismaRepo();
    const artifact = makeArtifact(repo, "v1.0.0..v3.0.0", "prisma/migrations", "--per-release");
    const db = await database();
    await prismaLedger(db);
    await db.sql(PRISMA_SQL[0]!);
    // Applied from a Windows checkout: Prisma accepts the checksum of the CRLF text too.
    await db.sql(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name) VALUES ('a', $1, now(), $2)`, [sha256(PRISMA_SQL[0]!.replace(/\n/g, "\r\n")), PRISMA[0]]);
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(0);
    expect(doc).toMatchObject({ ledger: { kind: "prisma", table: "_prisma_migrations" }, current: "v1.0.0", edited: [], ok: true });
    expect(doc.pending.map((m: { name: string }) => m.name)).toEqual([PRISMA[1], PRISMA[2]]);
  });

  it("Prisma: a migration that failed half-way blocks the deploy", async () => {
    const repo = prismaRepo();
    const artifact = makeArtifact(repo, "v1.0.0..v3.0.0", "prisma/migrations", "--per-release");
    const db = await database();
    await prismaLedger(db);
    await prismaRow(db, 0);
    await prismaRow(db, 1, false);
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(1);
    expect(doc.failed).toEqual([PRISMA[1]]);
    expect(doc.reasons[0]).toContain(`${PRISMA[1]} failed half-way`);
  });

  it("golang-migrate: one row, the current version; everything up to it is applied; dirty is a failure", async () => {
    const repo = gitRepo();
    repo.commit({ "db/migrations/1_init.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n", "db/migrations/1_init.down.sql": "DROP TABLE users;\n" }, "v1.0.0");
    repo.commit({ "db/migrations/2_age.up.sql": "ALTER TABLE users ADD COLUMN age int;\n", "db/migrations/2_age.down.sql": "ALTER TABLE users DROP COLUMN age;\n" }, "v2.0.0");
    repo.commit({ "db/migrations/3_rename.up.sql": "ALTER TABLE users RENAME COLUMN name TO full_name;\n" }, "v3.0.0");
    const artifact = makeArtifact(repo, "v1.0.0..v3.0.0", "db/migrations", "--per-release");
    const db = await database();
    await db.sql("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, false)");
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(1);
    expect(doc).toMatchObject({ ledger: { kind: "golang-migrate", rows: 1 }, applied: 2, current: "v2.0.0", span: { safe: false } });
    expect(doc.pending.map((m: { name: string }) => m.name)).toEqual(["3_rename"]);
    await db.sql("UPDATE schema_migrations SET dirty = true");
    const dirty = preflight(db, artifact);
    expect(dirty.doc.failed).toEqual(["2"]);
    expect(dirty.doc.applied).toBe(1);
  });

  it("dbmate: one row per applied version", async () => {
    const repo = gitRepo();
    repo.commit({ "db/migrations/20240101000000_init.sql": "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE users;\n" }, "v1.0.0");
    repo.commit({ "db/migrations/20240201000000_age.sql": "-- migrate:up\nALTER TABLE users ADD COLUMN age int;\n\n-- migrate:down\nALTER TABLE users DROP COLUMN age;\n" }, "v2.0.0");
    const artifact = makeArtifact(repo, "v1.0.0..v2.0.0", "db/migrations");
    const db = await database();
    await db.sql("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101000000')");
    const { status, doc } = preflight(db, artifact);
    expect(status).toBe(0);
    expect(doc).toMatchObject({ ledger: { kind: "dbmate" }, applied: 1, current: "v1.0.0", ok: true });
    // golang-migrate's table is not mistaken for dbmate's.
    await db.sql("ALTER TABLE schema_migrations ADD COLUMN dirty boolean");
    const wrong = runCli(["preflight", "--database-url", db.url, "--artifact", artifact]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe("rollsafe: preflight: schema_migrations has a dirty column: it is golang-migrate's ledger, not dbmate's\n");
  });
});

describe("rollsafe preflight: usage errors and the lint path", () => {
  it("a missing artifact, an unreachable server, a plain SQL folder: exit 2, one line", () => {
    const missing = runCli(["preflight", "--database-url", "postgres://u@127.0.0.1:1/x", "--artifact", "nope.json"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("rollsafe: preflight: cannot read the artifact " + join(REPO_ROOT, "nope.json") + ": ENOENT\n");
    const repo = gitRepo();
    repo.commit({ "migrations/001.sql": "CREATE TABLE t (id int);\n" }, "v1");
    repo.commit({ "migrations/002.sql": "ALTER TABLE t ADD COLUMN x int;\n" }, "v2");
    const artifact = makeArtifact(repo, "v1..v2", "migrations");
    const plain = runCli(["preflight", "--database-url", "postgres://u@127.0.0.1:1/x", "--artifact", artifact]);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toContain('the artifact\'s migrations are "plain"');
    const drizzle = makeArtifact(drizzleRepo(), "v1.0.0..v1.1.0", "drizzle");
    const down = runCli(["preflight", "--database-url", "postgres://u:secret@127.0.0.1:1/x", "--artifact", drizzle]);
    expect(down.status).toBe(2);
    expect(down.stderr).toMatch(/^rollsafe: preflight: cannot connect to postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: .+\n$/);
    const noUrl = runCli(["preflight", "--artifact", drizzle], { env: { DATABASE_URL: undefined } });
    expect(noUrl.stderr).toBe("rollsafe: preflight: no database: pass --database-url <url> or set DATABASE_URL\n");
  });

  it("the bundle loads pg only through a dynamic import (never on the lint path)", () => {
    const bundle = readFileSync(join(REPO_ROOT, "packages/cli/dist/rollsafe.bundle.js"), "utf8");
    expect(bundle).not.toMatch(/^import [^;]*from\s*"pg";/m);
    expect(bundle).toContain('import("pg")');
  });
});
