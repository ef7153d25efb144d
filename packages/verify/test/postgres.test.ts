// --database-url: verify works only in a temporary database of its own, and drops it at the end, also
// when a statement fails and when the run is interrupted. Other runs may use the same server at the
// same time: only this process's databases are looked at.
import { loadParser, readMigrationSets } from "@rollsafe/parser";
import { openPostgres, verifyMigrations } from "@rollsafe/verify";
import pg from "pg";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { postgresAvailable, POSTGRES_URL, verifyFixture } from "./support.js";

let available = false;
beforeAll(async () => {
  available = await postgresAvailable();
});

/** This process's temporary databases still on the server. */
async function ourDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`rollsafe\\_verify\\_${process.pid}\\_%`]);
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe("the temporary database", () => {
  it("is created beside the URL's database, used, and dropped by close()", async (context) => {
    if (!available) return context.skip();
    const engine = await openPostgres(POSTGRES_URL);
    expect(engine.database).toMatch(new RegExp(`^rollsafe_verify_${process.pid}_[0-9a-f]{12}$`));
    const [row] = await engine.query<{ db: string }>("SELECT current_database() AS db");
    expect(row!.db).toBe(engine.database);
    expect(await ourDatabases()).toEqual([engine.database]);
    await engine.close();
    await engine.close();
    expect(await ourDatabases()).toEqual([]);
  });

  it("is dropped when a statement fails", async (context) => {
    if (!available) return context.skip();
    const result = await verifyFixture("failing", { kind: "postgres", url: POSTGRES_URL });
    expect(result.failure).toMatchObject({ message: 'column "title" does not exist', line: 6, column: 7 });
    expect(await ourDatabases()).toEqual([]);
  });

  it("is dropped at once when the run is interrupted, even in the middle of a statement", async (context) => {
    if (!available) return context.skip();
    await loadParser();
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-verify-abort-"));
    mkdirSync(join(dir, "m"));
    writeFileSync(join(dir, "m/0001_slow.sql"), "CREATE TABLE t (id int);\nSELECT pg_sleep(60);\nCREATE TABLE never (id int);\n");
    const { sets } = readMigrationSets(["m"], { cwd: dir });
    const abort = new AbortController();
    const started = Date.now();
    const run = verifyMigrations({ sets, cwd: dir, engine: { kind: "postgres", url: POSTGRES_URL }, signal: abort.signal });
    setTimeout(() => abort.abort(new Error("interrupted")), 1500);
    await expect(run).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await ourDatabases()).toEqual([]);
  }, 60_000);
});
