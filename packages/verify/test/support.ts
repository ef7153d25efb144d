// What the verify tests share: the fixtures, one empty-cluster image for every PGlite they start
// (restoring it takes ~1 s where initdb takes 4-7 s), and the local PostgreSQL server.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadParser, readMigrationSets } from "@rollsafe/parser";
import { verifyMigrations, type VerifyOptions, type VerifyResult } from "@rollsafe/verify";

export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** Shared by every test file and run: only the empty cluster is cached there, never a migrated state. */
export const BASE_IMAGE_DIR = join(tmpdir(), "rollsafe-verify-test-base");

/** The local server (.ci/run starts it); a database of its own is created for every run. */
export const POSTGRES_URL = process.env.ROLLSAFE_TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export async function postgresAvailable(): Promise<boolean> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    if (process.env.CI) throw new Error(`the local PostgreSQL (${POSTGRES_URL}) is not reachable, and CI must run the tests that need it`);
    console.warn(`note: ${POSTGRES_URL} is not reachable; the tests on a real PostgreSQL are skipped`);
    return false;
  }
}

export async function verifyFixture(folder: string, engine: VerifyOptions["engine"] = { kind: "pglite" }, extra: Partial<VerifyOptions> = {}): Promise<VerifyResult> {
  await loadParser();
  const { sets, problems } = readMigrationSets([join("fixtures/verify", folder)], { cwd: REPO_ROOT });
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return verifyMigrations({ sets, cwd: REPO_ROOT, engine, cacheDir: BASE_IMAGE_DIR, baseImageOnly: true, ...extra });
}

/** `file:line kind: MODE relation, ... | rewrote ...`: one line per statement, for comparisons. */
export function lockTable(result: VerifyResult): string[] {
  return result.statements.map((s) => {
    const locks = s.locks.map((l) => `${l.mode} ${l.relation}`).join(", ");
    return `${s.path.split("/").pop()}:${s.line} ${s.kind}: ${locks || "-"}${s.rewrote.length > 0 ? ` | rewrote ${s.rewrote.join(", ")}` : ""}`;
  });
}
