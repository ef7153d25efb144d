// A drizzle-kit baseline whose SQL file is gone (the journal's first entries, known only from their
// snapshot): the schema model is seeded from the snapshot, so the first migrations are checked against
// tables whose columns are known.
import { lintMigrationSets } from "@rollsafe/core";
import { snapshotChecks } from "@rollsafe/drizzle";
import { loadParser, readMigrationSets } from "@rollsafe/parser";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";
import { beforeAll, describe, expect, it } from "vitest";
import { tempProject } from "./support/run-cli.js";

beforeAll(() => loadParser());

const snapshot = JSON.stringify({
  id: "11111111-1111-1111-1111-111111111111",
  prevId: "00000000-0000-0000-0000-000000000000",
  version: "7",
  dialect: "postgresql",
  tables: { "public.users": { name: "users", schema: "", columns: { id: { name: "id", type: "serial", primaryKey: true, notNull: true }, email: { name: "email", type: "varchar(100)", primaryKey: false, notNull: true } }, indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {} } },
  enums: {},
  schemas: {},
  _meta: { schemas: {}, tables: {}, columns: {} },
}, null, 2);

function lint(change: string) {
  const dir = tempProject({
    "drizzle/meta/_journal.json": JSON.stringify({ version: "7", dialect: "postgresql", entries: [{ idx: 0, version: "7", when: 1, tag: "0000_baseline", breakpoints: true }, { idx: 1, version: "7", when: 2, tag: "0001_email", breakpoints: true }] }),
    "drizzle/meta/0000_snapshot.json": snapshot,
    "drizzle/0001_email.sql": change,
  });
  const { sets } = readMigrationSets(["drizzle"], { cwd: dir });
  const options = { rules: ALL_RULES, locks: statementLocks, cwd: dir };
  const seeded = lintMigrationSets(sets, { ...options, setChecks: [snapshotChecks] }).findings.filter((f) => f.ruleId === "changing-column-type").map((f) => f.message);
  const unseeded = lintMigrationSets(sets, options).findings.filter((f) => f.ruleId === "changing-column-type").map((f) => f.message);
  return { seeded, unseeded };
}

describe("a baseline known from its snapshot", () => {
  it("makes a widening of a baseline column a compatible change", () => {
    const { seeded, unseeded } = lint('ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(200);');
    expect(seeded).toEqual([]);
    // Without the snapshot, the column's type is unknown and the change cannot be shown to be compatible.
    expect(unseeded).toEqual([expect.stringContaining("its current type is unknown to rollsafe")]);
  });

  it("names the old type of a narrowing", () => {
    const { seeded } = lint('ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(50);');
    expect(seeded).toEqual([expect.stringContaining("varchar(100)")]);
  });
});
