// The engine state after the migrations is cached under the cache folder, keyed by a hash chained over
// the migrations: a run over the same files restores it, and a run with one more migration restores
// the state before it and traces only the new one.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { loadParser, readMigrationSets } from "@rollsafe/parser";
import { verifyMigrations, type VerifyResult } from "@rollsafe/verify";
import { describe, expect, it } from "vitest";
import { decodeImage } from "../src/cache/data-dir-image.js";
import { BASE_IMAGE_DIR, REPO_ROOT } from "./support.js";

/** A new cache folder, with the shared empty-cluster image (when an earlier test made one) so no test pays initdb twice. */
function newCacheDir(dir: string): string {
  const cacheDir = join(dir, ".rollsafe", "cache");
  mkdirSync(cacheDir, { recursive: true });
  if (existsSync(BASE_IMAGE_DIR)) for (const f of readdirSync(BASE_IMAGE_DIR).filter((n) => n.startsWith("pglite-base-"))) cpSync(join(BASE_IMAGE_DIR, f), join(cacheDir, f));
  return cacheDir;
}

async function run(dir: string, cacheDir: string, checked?: string[]): Promise<VerifyResult> {
  await loadParser();
  const { sets } = readMigrationSets(["m"], { cwd: dir });
  return verifyMigrations({ sets, cwd: dir, engine: { kind: "pglite" }, cacheDir, ...(checked ? { checked: new Set(checked.map((p) => join(dir, p))) } : {}) });
}

describe("the engine-state cache", () => {
  it("restores the state after unchanged migrations and traces only the new ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-verify-cache-"));
    const cacheDir = newCacheDir(dir);
    cpSync(join(REPO_ROOT, "fixtures/verify/locks"), join(dir, "m"), { recursive: true });

    const cold = await run(dir, cacheDir);
    expect(cold.summary.fromCache).toBe(0);
    expect(readdirSync(cacheDir).filter((f) => /^verify-.*\.img\.gz$/.test(f))).toHaveLength(1);
    expect(readdirSync(cacheDir).filter((f) => /^pglite-base-.*\.img\.gz$/.test(f)).length).toBeGreaterThan(0);
    // Saved after a checkpoint in a fresh WAL segment: that one segment is all the WAL the state needs.
    const state = readdirSync(cacheDir).find((f) => /^verify-.*\.img\.gz$/.test(f))!;
    const image = decodeImage(gunzipSync(readFileSync(join(cacheDir, state))));
    expect(image.filter((e) => /^\/pg_wal\/[0-9A-F]{24}$/.test(e.path))).toHaveLength(1);
    expect(image.some((e) => e.path === "/PG_VERSION")).toBe(true);

    // The same files: everything from the cache, reported as the first run traced it.
    const warm = await run(dir, cacheDir);
    expect(warm.summary.fromCache).toBe(4);
    expect(warm.migrations.every((m) => m.source === "cache")).toBe(true);
    expect(warm.statements).toEqual(cold.statements);

    // One migration more: the four earlier ones come from the cache, the new one is traced on top of them.
    writeFileSync(join(dir, "m/0005_more.sql"), "ALTER TABLE posts ADD COLUMN summary text;\n");
    const more = await run(dir, cacheDir);
    expect(more.migrations.map((m) => m.source)).toEqual(["cache", "cache", "cache", "cache", "traced"]);
    expect(more.statements.at(-1)).toMatchObject({ path: "m/0005_more.sql", locks: [{ relation: "public.posts", mode: "ACCESS EXCLUSIVE" }], error: null });

    // A checked set (--changed-since): the history before it comes from the cache, and only it is traced.
    writeFileSync(join(dir, "m/0006_index.sql"), "CREATE INDEX posts_summary_idx ON posts (summary);\n");
    const checked = await run(dir, cacheDir, ["m/0006_index.sql"]);
    expect(checked.migrations.map((m) => m.source)).toEqual(["cache", "cache", "cache", "cache", "cache", "traced"]);
    expect(checked.statements.map((s) => `${s.path}:${s.line} ${s.locks.map((l) => l.mode).join()}`)).toEqual(["m/0006_index.sql:1 SHARE"]);
    expect(checked.compat).toEqual([]);
  }, 120_000);

  it("keeps the static model with a state, so a restore parses none of the cached migrations; a damaged state is not used", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-verify-cache-"));
    const cacheDir = newCacheDir(dir);
    mkdirSync(join(dir, "m"));
    writeFileSync(join(dir, "m/0001_a.sql"), "CREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE TABLE a (id int PRIMARY KEY, name text);\n");
    writeFileSync(join(dir, "m/0002_b.sql"), "CREATE TABLE b (id int, a_id int REFERENCES a);\n");
    const cold = await run(dir, cacheDir);
    const meta = readdirSync(cacheDir).find((f) => /^verify-.*\.json$/.test(f))!;
    const saved = JSON.parse(readFileSync(join(cacheDir, meta), "utf8")) as { count: number; extensions: string[]; model: { tables: [string, unknown][] } };
    expect(saved.count).toBe(2);
    expect(saved.extensions).toEqual(["pg_trgm"]);
    expect(saved.model.tables.map(([name]) => name)).toEqual(["public.a", "public.b"]);
    // A later migration is predicted against the saved model: dropping the key locks the other table too.
    writeFileSync(join(dir, "m/0003_c.sql"), "ALTER TABLE b DROP CONSTRAINT b_a_id_fkey;\n");
    const warm = await run(dir, cacheDir);
    expect(warm.summary).toMatchObject({ fromCache: 2, mismatches: 0 });
    expect(warm.statements.at(-1)!.locks.map((l) => l.relation)).toEqual(["public.a", "public.b"]);
    // A state whose data cannot be read: everything runs again, with the same result.
    for (const f of readdirSync(cacheDir).filter((n) => /^verify-.*\.img\.gz$/.test(n))) writeFileSync(join(cacheDir, f), "not gzip");
    const again = await run(dir, cacheDir);
    expect(again.summary).toMatchObject({ fromCache: 0, mismatches: 0, failed: 0 });
    expect(again.statements.at(-1)).toEqual({ ...warm.statements.at(-1)!, durationMs: again.statements.at(-1)!.durationMs });
    expect(cold.failure).toBeNull();
  }, 120_000);

  it("never restores a state whose migrations changed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-verify-cache-"));
    const cacheDir = newCacheDir(dir);
    mkdirSync(join(dir, "m"));
    writeFileSync(join(dir, "m/0001_a.sql"), "CREATE TABLE a (id int);\n");
    writeFileSync(join(dir, "m/0002_b.sql"), "ALTER TABLE a ADD COLUMN b int;\n");
    await run(dir, cacheDir);
    // An edit of the first migration: nothing in the cache stands for the new files.
    writeFileSync(join(dir, "m/0001_a.sql"), "CREATE TABLE a (id bigint);\n");
    const edited = await run(dir, cacheDir);
    expect(edited.summary.fromCache).toBe(0);
    expect(edited.failure).toBeNull();
  }, 120_000);
});

