// The same fixtures on PGlite (PostgreSQL 18) and on the local PostgreSQL server (15): the same lock
// table and the same rewrites, statement by statement (docs/verify.md lists the known differences
// between versions; none shows in these fixtures).
import { beforeAll, describe, expect, it } from "vitest";
import type { VerifyResult } from "@rollsafe/verify";
import { lockTable, postgresAvailable, POSTGRES_URL, verifyFixture } from "./support.js";

let pglite: VerifyResult;
let postgres: VerifyResult | undefined;

beforeAll(async () => {
  pglite = await verifyFixture("locks");
  if (await postgresAvailable()) postgres = await verifyFixture("locks", { kind: "postgres", url: POSTGRES_URL });
}, 120_000);

describe("the lock table observed on PGlite", () => {
  it("applies every statement and says which engine ran them", () => {
    expect(pglite.engine).toBe("pglite");
    expect(pglite.serverVersion).toMatch(/^1[78]\.\d+$/);
    expect(pglite.failure).toBeNull();
    expect(pglite.summary).toMatchObject({ migrations: 4, statements: 25, applied: 25, failed: 0, rewrites: 2 });
  });

  it("records each statement's own locks, from pg_locks before COMMIT", () => {
    const table = lockTable(pglite);
    expect(table).toContain("0002_change.sql:2 AlterTableStmt: ACCESS EXCLUSIVE public.posts");
    // A foreign key: SHARE ROW EXCLUSIVE on both tables, and the indexes its validation reads.
    expect(table).toContain("0002_change.sql:3 AlterTableStmt: SHARE ROW EXCLUSIVE public.posts, SHARE ROW EXCLUSIVE public.users, ACCESS SHARE public.posts_pkey, ACCESS SHARE public.users_pkey");
    expect(table).toContain("0002_change.sql:4 IndexStmt: SHARE public.posts");
    expect(table).toContain("0002_change.sql:11 AlterTableStmt: SHARE UPDATE EXCLUSIVE public.posts");
    // Locks on relations the statement creates are not its locks on the schema: CREATE TABLE shows none.
    expect(table).toContain("0001_init.sql:1 CreateStmt: -");
  });

  it("flags rewrites by relfilenode: int -> bigint rewrites, widening a varchar does not", () => {
    const table = lockTable(pglite);
    expect(table).toContain("0002_change.sql:6 AlterTableStmt: ACCESS EXCLUSIVE public.posts, ACCESS EXCLUSIVE public.posts_pkey, ACCESS EXCLUSIVE public.posts_title_idx | rewrote public.posts");
    expect(table).toContain("0002_change.sql:7 AlterTableStmt: ACCESS EXCLUSIVE public.users");
  });

  it("sees the other table of a foreign key locked when the key is dropped or rebuilt (the lock table predicts it from the model)", () => {
    const table = lockTable(pglite);
    expect(table).toContain("0004_foreign_keys.sql:4 AlterTableStmt: ACCESS EXCLUSIVE public.comments, ACCESS EXCLUSIVE public.comments_pkey, ACCESS EXCLUSIVE public.users, ACCESS SHARE public.users_email_key, ACCESS SHARE public.users_pkey | rewrote public.comments");
    expect(table).toContain("0004_foreign_keys.sql:5 AlterTableStmt: ACCESS EXCLUSIVE public.comments, ACCESS EXCLUSIVE public.posts");
    expect(table).toContain("0004_foreign_keys.sql:6 DropStmt: ACCESS EXCLUSIVE public.comments, ACCESS EXCLUSIVE public.comments_pkey, ACCESS EXCLUSIVE public.users");
  });

  it("runs CONCURRENTLY outside a transaction, where its locks cannot be read", () => {
    const concurrent = pglite.statements.find((s) => s.line === 5 && s.path.endsWith("0002_change.sql"))!;
    expect(concurrent.transaction).toBe("none");
    expect(concurrent.notes.map((n) => n.id)).toEqual(["locks-not-observable"]);
  });

  it("keeps a file's BEGIN ... COMMIT as one transaction and reports the locks still held from earlier statements", () => {
    const inFile = pglite.statements.filter((s) => s.path.endsWith("0003_file_transaction.sql"));
    expect(inFile.map((s) => s.transaction)).toEqual(["file", "file", "file"]);
    expect(inFile[1]!.locks).toEqual([{ relation: "public.posts", mode: "SHARE" }]);
    expect(inFile[2]!.heldFromEarlier).toEqual([{ relation: "public.posts", mode: "ACCESS EXCLUSIVE" }]);
  });

  it("finds no disagreement with the static lock table and table-rewrite rule on this fixture", () => {
    expect(pglite.statements.flatMap((s) => s.notes.filter((n) => n.id === "static-observed-mismatch").map((n) => `${s.line}: ${n.message}`))).toEqual([]);
  });
});

describe("the same fixture on the local PostgreSQL server", () => {
  it("creates a temporary database, and sees the same locks and rewrites as PGlite", (context) => {
    if (!postgres) return context.skip();
    expect(postgres.engine).toBe("postgres");
    expect(postgres.failure).toBeNull();
    expect(lockTable(postgres)).toEqual(lockTable(pglite));
    expect(postgres.statements.map((s) => s.heldFromEarlier ?? [])).toEqual(pglite.statements.map((s) => s.heldFromEarlier ?? []));
  });
});
