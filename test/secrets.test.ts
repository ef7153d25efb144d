// Database passwords, in either spelling libpq reads (user info, ?password=), reach no output, no audit
// record, no error message and no argument of pg_dump (which `ps` shows): pg_dump gets PGPASSWORD.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { databaseUrlPassword, redactDatabaseUrl, redactSecrets, withoutPassword } from "@rollsafe/core";
import { parseDatabaseUrl } from "@rollsafe/executor";
import { EXECUTOR_FIXTURES, pathWithNode } from "./support/fixture-log.js";
import { runCliAsync } from "./support/run-cli-async.js";
import { postgresAvailable, scratchDatabase, type ScratchDatabase } from "./support/scratch-database.js";

const SECRET = "Tr0ub4dor&3x";

describe("redacting database URLs", () => {
  it("hides the user-info password and ?password= / ?sslpassword= in any case", () => {
    expect(redactDatabaseUrl("postgres://u:pw%40x@h:5432/db?sslmode=require&PassWord=abc&sslpassword=k3y")).toBe("postgres://u:***@h:5432/db?sslmode=require&PassWord=***&sslpassword=***");
    expect(withoutPassword("postgres://u:pw@h/db?password=abc&sslmode=require")).toBe("postgres://u@h/db?sslmode=require");
    expect(databaseUrlPassword("postgres://u@h/db?password=a%26b")).toBe("a&b");
    expect(databaseUrlPassword("postgres://u:p%40ss@h/db")).toBe("p@ss");
    expect(databaseUrlPassword("postgres://u@h/db")).toBeUndefined();
  });

  it("hides URLs inside free text and each spelling of a known secret wherever it is", () => {
    const url = `postgres://u@h/db?password=${encodeURIComponent(SECRET)}`;
    const text = `cannot connect to ${url}: the server said "${SECRET}" and ${encodeURIComponent(SECRET)}`;
    const out = redactSecrets(text, [url]);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(encodeURIComponent(SECRET));
    expect(out).toContain("postgres://u@h/db?password=***");
  });

  it("migrate-down's URL: shown and given to pg_dump without the password, kept apart for PGPASSWORD", () => {
    const parsed = parseDatabaseUrl(`postgresql://deploy@db:5432/app?password=${encodeURIComponent(SECRET)}&sslmode=disable`);
    expect(parsed.shown).toBe("postgresql://deploy@db:5432/app?sslmode=disable");
    expect(parsed.password).toBe(SECRET);
  });
});

let available = false;
beforeAll(async () => {
  available = await postgresAvailable();
});
let db: ScratchDatabase | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

/** A pg_dump stand-in first on PATH: records its argv and PGPASSWORD, then fails (the catalog dump is used). */
function fakePgDump(): { path: string; seen: () => { argv: string[]; pgpassword: string | null } } {
  const bin = mkdtempSync(join(tmpdir(), "rollsafe-bin-"));
  const log = join(bin, "seen.json");
  const script = `#!${process.execPath}\nrequire("node:fs").writeFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), pgpassword: process.env.PGPASSWORD ?? null }));\nprocess.exit(1);\n`;
  writeFileSync(join(bin, "pg_dump"), script);
  chmodSync(join(bin, "pg_dump"), 0o755);
  return { path: [bin, pathWithNode()].join(delimiter), seen: () => JSON.parse(readFileSync(log, "utf8")) as { argv: string[]; pgpassword: string | null } };
}

describe("rollsafe migrate-down with ?password= in the URL", () => {
  it("prints it nowhere, records it nowhere, and passes it to pg_dump in PGPASSWORD only", async ({ skip }) => {
    if (!available) skip();
    db = await scratchDatabase("rollsafe_secret");
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-secret-"));
    mkdirSync(join(dir, "migrations"));
    for (const file of readdirSync(join(EXECUTOR_FIXTURES, "golang-migrate"))) writeFileSync(join(dir, "migrations", file), readFileSync(join(EXECUTOR_FIXTURES, "golang-migrate", file)));
    await db.client.query("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)");
    for (const file of readdirSync(join(dir, "migrations")).filter((f) => f.endsWith(".up.sql")).sort((a, b) => parseInt(a, 10) - parseInt(b, 10)).slice(0, 2)) await db.client.query(readFileSync(join(dir, "migrations", file), "utf8"));
    await db.client.query("INSERT INTO schema_migrations VALUES (2, false)");
    const url = new URL(db.url);
    url.searchParams.set("password", SECRET);
    const pgDump = fakePgDump();
    // The local server trusts the user: the password is sent, ignored, and must not leak on the way.
    const result = await runCliAsync(["migrate-down", "--steps", "1", "--approved-by", "alice", "--reason", "INC-1", "--database-url", url.toString(), "migrations"], { cwd: dir, env: { PATH: pgDump.path } });
    expect(result.status).toBe(0);
    const seen = pgDump.seen();
    expect(seen.pgpassword).toBe(SECRET);
    expect(seen.argv.join(" ")).not.toContain(SECRET);
    expect(seen.argv.join(" ")).not.toContain("password");
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(encodeURIComponent(SECRET));
    const audit = readFileSync(join(dir, ".rollsafe/audit.jsonl"), "utf8");
    expect(audit).toContain('"outcome":"succeeded"');
    expect(audit).not.toContain(SECRET);
    expect(audit).not.toContain(encodeURIComponent(SECRET));
  });

  it("a connection error quoting the URL shows it without the password", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-secret-"));
    mkdirSync(join(dir, "migrations"));
    writeFileSync(join(dir, "migrations", "1_a.up.sql"), "CREATE TABLE a (id int);\n");
    writeFileSync(join(dir, "migrations", "1_a.down.sql"), "DROP TABLE a;\n");
    // Port 1 refuses at once; the message names the database as shown.
    const result = await runCliAsync(["migrate-down", "--steps", "1", "--approved-by", "a", "--reason", "b", "--database-url", `postgres://u:${encodeURIComponent(SECRET)}@127.0.0.1:1/app?password=${encodeURIComponent(SECRET)}`, "migrations"], { cwd: dir, env: { PATH: pathWithNode() } });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("postgres://u@127.0.0.1:1/app");
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(encodeURIComponent(SECRET));
    expect(existsSync(join(dir, ".rollsafe/audit.jsonl"))).toBe(true);
    expect(readFileSync(join(dir, ".rollsafe/audit.jsonl"), "utf8")).not.toContain(encodeURIComponent(SECRET));
  });
});
