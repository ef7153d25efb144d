// rollsafe verify on real folders of the shared corpus (PGlite): every statement applies (or needs an
// extension PGlite lacks), and the static rules agree with what the engine did, except for the known limit
// docs/verify.md documents (foreign keys created inside DO blocks, which the schema model does not see).
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadParser, readMigrationSets } from "@rollsafe/parser";
import { verifyMigrations, type VerifyResult } from "@rollsafe/verify";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "./support/corpus.js";

async function verifyFolder(folder: string): Promise<VerifyResult> {
  await loadParser();
  const { sets } = readMigrationSets([join(CORPUS_DIR, folder)], { cwd: CORPUS_DIR });
  // Only the empty cluster is cached (shared with the verify package's tests): every statement is traced.
  return verifyMigrations({ sets, cwd: CORPUS_DIR, engine: { kind: "pglite" }, cacheDir: join(tmpdir(), "rollsafe-verify-test-base"), baseImageOnly: true });
}

function mismatches(result: VerifyResult): string[] {
  return result.statements.flatMap((s) => s.notes.filter((n) => n.id === "static-observed-mismatch").map(() => `${s.path}:${s.line}`));
}

describe.skipIf(!RUN_CORPUS_TESTS)("rollsafe verify on the shared corpus", () => {
  it("langfuse (Prisma): 1,089 statements apply; locks and rewrites agree with the static rules", async () => {
    const result = await verifyFolder("langfuse__langfuse");
    expect(result.failure).toBeNull();
    expect(result.summary).toMatchObject({ migrations: 434, statements: 1089, applied: 1089, notVerifiable: 0, mismatches: 0 });
    expect(result.summary.rewrites).toBeGreaterThan(0);
  }, 300_000);

  it("lobe-chat (drizzle-kit, pgvector): all but pg_search's 15 statements apply; the static side agrees on every other statement", async () => {
    const result = await verifyFolder("lobehub__lobe-chat");
    expect(result.failure).toBeNull();
    expect(result.missingExtensions).toEqual(["pg_search"]);
    expect(result.summary).toMatchObject({ migrations: 117, statements: 1717, applied: 1702, notVerifiable: 15 });
    // The journal does not list this file: drizzle-kit never applies it, and neither does verify.
    expect(result.migrations.filter((m) => m.source === "skipped").map((m) => m.name)).toEqual(["0065_add_document_fields"]);
    // docs/verify.md, "On the shared corpus": the foreign keys an older drizzle-kit created inside DO blocks
    // are known to the model (idempotent DO blocks are checked as the statement they run), so dropping them
    // predicts the other table's lock; 20 statements disagreed before.
    expect(mismatches(result)).toEqual([]);
    expect(result.summary.mismatches).toBe(0);
    // The DO blocks themselves are compared as their statement: SHARE ROW EXCLUSIVE on both tables.
    const wrapped = result.statements.find((s) => s.path.endsWith("0006_add_knowledge_base.sql") && s.kind === "DoStmt" && s.locks.length > 0)!;
    expect(wrapped.locks.map((l) => l.mode)).toContain("SHARE ROW EXCLUSIVE");
  }, 300_000);
});
