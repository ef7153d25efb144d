// One file's place among the migrations of its folder (the ESLint plugin lints one file at a time).
import { join } from "node:path";
import { findDownMigration, findMigrationSet, readMigrationSets, singleMigrationSet, withMigrationText } from "@rollsafe/parser";
import { describe, expect, it } from "vitest";
import { drizzleJournal, makeTree } from "./support/temp-tree.js";

/** The place of `file` must agree with what readMigrationSets makes of `folder`. */
function expectSameAsFolder(root: string, folder: string, file: string, index: number) {
  const place = findMigrationSet(join(root, file), { cwd: root });
  const { sets } = readMigrationSets([folder], { cwd: root });
  expect(sets).toHaveLength(1);
  expect(place?.index).toBe(index);
  expect(place?.set).toEqual(sets[0]);
}

describe("findMigrationSet", () => {
  it("drizzle: the journal's order, unlisted files after it", () => {
    const root = makeTree({
      "drizzle/meta/_journal.json": drizzleJournal(["0001_b", "0000_a"]),
      "drizzle/0000_a.sql": "CREATE TABLE a (id int);",
      "drizzle/0001_b.sql": "CREATE TABLE b (id int);",
      "drizzle/0002_hand.sql": "SELECT 1;",
    });
    expectSameAsFolder(root, "drizzle", "drizzle/0000_a.sql", 1);
    expectSameAsFolder(root, "drizzle", "drizzle/0002_hand.sql", 2);
    expect(findMigrationSet(join(root, "drizzle/0002_hand.sql"), { cwd: root })?.set.migrations[2]?.transaction).toBe("none");
  });

  it("Prisma: the folder above the migration's own", () => {
    const root = makeTree({
      "prisma/migrations/20230101000000_init/migration.sql": "CREATE TABLE a (id int);",
      "prisma/migrations/20230201000000_next/migration.sql": "ALTER TABLE a ADD COLUMN b int;",
    });
    expectSameAsFolder(root, "prisma/migrations", "prisma/migrations/20230201000000_next/migration.sql", 1);
    expect(findMigrationSet(join(root, "prisma/migrations/20230201000000_next/migration.sql"), { cwd: root })?.set.kind).toBe("prisma");
  });

  it("golang-migrate: up files are migrations, down files are not", () => {
    const root = makeTree({
      "migrations/1_init.up.sql": "CREATE TABLE a (id int);",
      "migrations/1_init.down.sql": "DROP TABLE a;",
      "migrations/2_more.up.sql": "ALTER TABLE a ADD COLUMN b int;",
    });
    expectSameAsFolder(root, "migrations", "migrations/2_more.up.sql", 1);
    expect(findMigrationSet(join(root, "migrations/1_init.down.sql"), { cwd: root })).toBeUndefined();
    // The down file belongs to its up migration.
    expect(findDownMigration(join(root, "migrations/1_init.down.sql"), { cwd: root })).toMatchObject({ index: 0, set: { kind: "golang-migrate" } });
    expect(findDownMigration(join(root, "migrations/2_more.up.sql"), { cwd: root })).toBeUndefined();
  });

  it("plain and dbmate folders, in migration order", () => {
    const root = makeTree({
      "plain/10_c.sql": "SELECT 3;",
      "plain/2_b.sql": "SELECT 2;",
      "dbmate/20240101_a.sql": "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
      "dbmate/20240102_b.sql": "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON a (id);\n",
    });
    expectSameAsFolder(root, "plain", "plain/10_c.sql", 1);
    expectSameAsFolder(root, "dbmate", "dbmate/20240102_b.sql", 1);
  });

  it("a forced source reads the folder in that layout", () => {
    const root = makeTree({ "m/1_a.up.sql": "SELECT 1;", "m/1_a.down.sql": "SELECT 2;" });
    expect(findMigrationSet(join(root, "m/1_a.down.sql"), { cwd: root, source: "plain" })).toMatchObject({ index: 0, set: { kind: "plain" } });
  });

  it("a file that is not there, or in a folder without migrations, has no place", () => {
    const root = makeTree({ "m/1_a.sql": "SELECT 1;", "docs/readme.md": "" });
    expect(findMigrationSet(join(root, "m/2_new.sql"), { cwd: root })).toBeUndefined();
    expect(findMigrationSet(join(root, "docs/query.sql"), { cwd: root })).toBeUndefined();
  });
});

describe("singleMigrationSet", () => {
  it("reads a text as `rollsafe lint <file>` reads that file", () => {
    const text = "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n";
    const root = makeTree({ "x/one.sql": text });
    const { sets } = readMigrationSets(["x/one.sql"], { cwd: root });
    expect(singleMigrationSet(join(root, "x/one.sql"), text, { cwd: root })).toEqual(sets[0]);
  });
});

describe("withMigrationText", () => {
  it("makes the migration from new text as the folder's reader would", () => {
    const root = makeTree({ "db/20240101_a.sql": "-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\nSELECT 2;\n" });
    const place = findMigrationSet(join(root, "db/20240101_a.sql"), { cwd: root })!;
    const edited = "-- migrate:up\nSELECT 10;\n-- migrate:down\nSELECT 20;\n";
    const migration = withMigrationText(place.set.migrations[0]!, "dbmate", edited);
    expect(migration.text).toBe("-- migrate:up\nSELECT 10;\n" + " ".repeat("-- migrate:down".length) + "\n" + " ".repeat("SELECT 20;".length) + "\n");
    expect(migration.transaction).toBeUndefined();
    expect(migration.down?.text).toContain("SELECT 20;");
    expect(withMigrationText({ path: "a.sql", name: "a", text: "x", transaction: "none" }, "drizzle", "SELECT 1;")).toEqual({ path: "a.sql", name: "a", text: "SELECT 1;", transaction: "none" });
  });
});
