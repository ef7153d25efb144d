// The history before a checked set (--changed-since) is applied untraced, each migration as one
// transaction in one round trip when it can be; a migration that fails that way runs statement by
// statement, as a traced one does. The checked migrations must see exactly the schema they would see
// had every migration been traced.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockTable, postgresAvailable, POSTGRES_URL, REPO_ROOT, verifyFixture } from "./support.js";

const checked = (name: string) => new Set([join(REPO_ROOT, "fixtures/verify/history", name)]);

describe("the history before a checked set", () => {
  it("applies it untraced, also a migration that only works statement by statement, and traces the checked migration on the schema it built", async () => {
    const result = await verifyFixture("history", { kind: "pglite" }, { checked: checked("0004_checked.sql") });
    expect(result.failure).toBeNull();
    expect(result.migrations.map((m) => `${m.name} ${m.source}`)).toEqual(["0001_init history", "0002_new_value history", "0003_rename history", "0004_checked traced"]);
    // The renames of the history are known: the locks are named as the checked statements knew them.
    expect(lockTable(result)).toEqual(["0004_checked.sql:1 AlterTableStmt: ACCESS EXCLUSIVE public.articles", "0004_checked.sql:2 DropStmt: ACCESS EXCLUSIVE public.articles, ACCESS EXCLUSIVE public.articles_title_idx"]);
    expect(result.statements.flatMap((s) => s.notes)).toEqual([]);
  }, 60_000);

  it("gives the same traces as a run that traces every migration", async () => {
    const all = await verifyFixture("history");
    const last = all.statements.filter((s) => s.path.endsWith("0004_checked.sql"));
    const checkedOnly = await verifyFixture("history", { kind: "pglite" }, { checked: checked("0004_checked.sql") });
    const strip = (s: (typeof last)[number]) => ({ ...s, durationMs: 0 });
    expect(checkedOnly.statements.map(strip)).toEqual(last.map(strip));
  }, 60_000);

  it("does the same on the local PostgreSQL server", async ({ skip }) => {
    if (!(await postgresAvailable())) skip();
    const result = await verifyFixture("history", { kind: "postgres", url: POSTGRES_URL }, { checked: checked("0004_checked.sql") });
    expect(result.failure).toBeNull();
    expect(lockTable(result)).toEqual(["0004_checked.sql:1 AlterTableStmt: ACCESS EXCLUSIVE public.articles", "0004_checked.sql:2 DropStmt: ACCESS EXCLUSIVE public.articles, ACCESS EXCLUSIVE public.articles_title_idx"]);
  }, 60_000);

  it("stops at a history statement that fails, at its line", async () => {
    const result = await verifyFixture("failing", { kind: "pglite" }, { checked: new Set([join(REPO_ROOT, "fixtures/verify/failing/0003_after.sql")]) });
    expect(result.failure).toMatchObject({ path: "fixtures/verify/failing/0002_broken.sql", line: 6, column: 7, code: "42703" });
  }, 60_000);
});
