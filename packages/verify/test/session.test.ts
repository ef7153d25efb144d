// Statements that reach into verify's own session: a migration that drops the prepared lock query
// (DEALLOCATE ALL), a statement that ends in a comment, and a deferred constraint that fails at COMMIT.
// Each statement is sent in one round trip with the lock query and the COMMIT; these must still be
// traced exactly, on PGlite and on the local server.
import { beforeAll, describe, expect, it } from "vitest";
import type { VerifyResult } from "@rollsafe/verify";
import { lockTable, postgresAvailable, POSTGRES_URL, verifyFixture } from "./support.js";

const results: [string, VerifyResult][] = [];

beforeAll(async () => {
  results.push(["pglite", await verifyFixture("session")]);
  if (await postgresAvailable()) results.push(["postgres", await verifyFixture("session", { kind: "postgres", url: POSTGRES_URL })]);
}, 120_000);

describe("statements that touch verify's own session", () => {
  it("reads the locks of the statements after DEALLOCATE ALL, alone or in the file's transaction", () => {
    for (const [, result] of results) {
      const table = lockTable(result);
      expect(table).toContain("0002_deallocate.sql:3 AlterTableStmt: ACCESS EXCLUSIVE public.accounts");
      expect(table).toContain("0003_in_transaction.sql:3 AlterTableStmt: ACCESS EXCLUSIVE public.invoices");
    }
  });

  it("runs a last statement that ends in a comment, and sees its rewrite", () => {
    for (const [, result] of results) {
      const widen = result.statements.find((s) => s.path.endsWith("0002_deallocate.sql") && s.line === 5)!;
      expect(widen.error).toBeNull();
      expect(widen.rewrote).toEqual(["public.accounts"]);
      expect(widen.locks.map((l) => `${l.mode} ${l.relation}`)).toContain("ACCESS EXCLUSIVE public.invoices");
    }
  });

  it("puts a failure at COMMIT (a deferred foreign key) on the statement, and stops there", () => {
    for (const [engine, result] of results) {
      expect(result.failure, engine).toMatchObject({ path: "fixtures/verify/session/0004_deferred.sql", line: 2, column: 1, code: "23503" });
      expect(result.summary, engine).toMatchObject({ failed: 1, statements: 9 });
    }
  });

  it("ran on both engines when the local server is up", async () => {
    expect(results.map(([engine]) => engine)).toEqual((await postgresAvailable()) ? ["pglite", "postgres"] : ["pglite"]);
  });
});
