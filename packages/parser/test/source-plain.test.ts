import { compareNames, readMigrationSets } from "@rollsafe/parser";
import { describe, expect, it } from "vitest";
import { DIR, makeTree } from "./support/temp-tree.js";

describe("compareNames", () => {
  it("orders numeric runs as numbers and the rest by code point", () => {
    const names = ["10_c.sql", "2_b.sql", "1_a.sql", "002_z.sql", "09_y.sql", "V2__x.sql", "V10__y.sql", "V1.1__a.sql", "V1.10__b.sql", "V1.2__c.sql", "b.sql", "a.sql"];
    expect([...names].sort(compareNames)).toEqual([
      "1_a.sql",
      // Equal values: code-point order of the digits.
      "002_z.sql",
      "2_b.sql",
      "09_y.sql",
      "10_c.sql",
      "V1.1__a.sql",
      "V1.2__c.sql",
      "V1.10__b.sql",
      "V2__x.sql",
      "V10__y.sql",
      "a.sql",
      "b.sql",
    ]);
  });

  it("is a consistent comparison", () => {
    expect(compareNames("2_x", "10_x")).toBeLessThan(0);
    // Leading zeros do not change a number's value: 9 is before 10 and after 1.
    expect(compareNames("09_x", "1_x")).toBeGreaterThan(0);
    expect(compareNames("000002_x", "1_x")).toBeGreaterThan(0);
    expect(compareNames("001_x", "1_x")).not.toBe(0);
    expect(Math.sign(compareNames("001_x", "1_x"))).toBe(-Math.sign(compareNames("1_x", "001_x")));
    expect(compareNames("10_x", "2_x")).toBeGreaterThan(0);
    expect(compareNames("a1", "a1")).toBe(0);
    expect(compareNames("a", "a1")).toBeLessThan(0);
  });
});

describe("plain folders of .sql files", () => {
  it("reads the .sql files in numeric-aware order and ignores everything else", () => {
    const root = makeTree({
      "sql/10_c.sql": "SELECT 10;",
      "sql/2_b.sql": "SELECT 2;",
      "sql/1_a.sql": "SELECT 1;",
      "sql/3_UPPER.SQL": "SELECT 3;",
      "sql/.hidden.sql": "SELECT 'hidden';",
      "sql/notes.md": "not SQL",
      "sql/seed.sql.bak": "SELECT 'backup';",
      "sql/archive/0_old.sql": "SELECT 'old';",
    });
    const result = readMigrationSets(["sql"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets).toEqual([
      {
        root: "sql",
        kind: "plain",
        migrations: [
          { path: "sql/1_a.sql", name: "1_a", text: "SELECT 1;" },
          { path: "sql/2_b.sql", name: "2_b", text: "SELECT 2;" },
          { path: "sql/3_UPPER.SQL", name: "3_UPPER", text: "SELECT 3;" },
          { path: "sql/10_c.sql", name: "10_c", text: "SELECT 10;" },
        ],
      },
    ]);
  });

  it("reads a file's bytes as they are: a UTF-8 BOM is dropped, CRLF and non-ASCII kept", () => {
    const root = makeTree({ "sql/1.sql": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("SELECT 'é😀';\r\n", "utf8")]) });
    expect(readMigrationSets(["sql"], { cwd: root }).sets[0]!.migrations[0]!.text).toBe("SELECT 'é😀';\r\n");
  });

  it("is what a folder is read as when forced, whatever its layout", () => {
    const root = makeTree({ "m/2_b.up.sql": "SELECT 2;", "m/1_a.up.sql": "SELECT 1;", "m/1_a.down.sql": "SELECT -1;" });
    const result = readMigrationSets(["m"], { cwd: root, source: "plain" });
    expect(result.sets.map((s) => [s.kind, s.migrations.map((m) => m.name)])).toEqual([["plain", ["1_a.down", "1_a.up", "2_b.up"]]]);
  });
});

describe("a single file given by path", () => {
  it("is read as a plain migration", () => {
    const root = makeTree({ "sql/1_a.sql": "SELECT 1;", "sql/2_b.sql": "SELECT 2;" });
    expect(readMigrationSets(["sql/2_b.sql"], { cwd: root })).toEqual({
      sets: [{ root: "sql/2_b.sql", kind: "plain", migrations: [{ path: "sql/2_b.sql", name: "2_b", text: "SELECT 2;" }] }],
      problems: [],
    });
  });

  it("is read whatever its extension, and also when its name starts with a dot", () => {
    const root = makeTree({ "schema.psql": "SELECT 1;", ".pending.sql": "SELECT 2;" });
    const result = readMigrationSets(["schema.psql", ".pending.sql"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets.map((s) => [s.root, s.kind, s.migrations.map((m) => [m.name, m.text])])).toEqual([
      ["schema.psql", "plain", [["schema.psql", "SELECT 1;"]]],
      [".pending.sql", "plain", [[".pending", "SELECT 2;"]]],
    ]);
  });

  it("is read with its folder's other paths in the order given", () => {
    const root = makeTree({ "a/1.sql": "SELECT 1;", "b.sql": "SELECT 2;" });
    const result = readMigrationSets(["b.sql", "a"], { cwd: root });
    expect(result.sets.map((s) => s.root)).toEqual(["b.sql", "a"]);
  });
});

describe("finding migration folders", () => {
  it("searches a folder without migrations for the migration folders below it, skipping node_modules", () => {
    const root = makeTree({
      "repo/packages/api/drizzle/meta/_journal.json": JSON.stringify({ entries: [{ tag: "0000_a" }] }),
      "repo/packages/api/drizzle/0000_a.sql": "SELECT 1;",
      "repo/packages/web/prisma/migrations/20240101000000_init/migration.sql": "SELECT 2;",
      "repo/services/go/db/migrations/1_init.up.sql": "SELECT 3;",
      "repo/node_modules/some-lib/migrations/1.sql": "SELECT 'not ours';",
      "repo/README.md": "hi",
    });
    const result = readMigrationSets(["repo"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets.map((s) => [s.root, s.kind])).toEqual([
      ["repo/packages/api/drizzle", "drizzle"],
      ["repo/packages/web/prisma/migrations", "prisma"],
      ["repo/services/go/db/migrations", "golang-migrate"],
    ]);
  });

  it("searches four levels deep, not five", () => {
    const root = makeTree({ "r/1/2/3/4/a.sql": "SELECT 4;", "s/1/2/3/4/5/a.sql": "SELECT 5;" });
    expect(readMigrationSets(["r"], { cwd: root }).sets.map((s) => s.root)).toEqual(["r/1/2/3/4"]);
    const deep = readMigrationSets(["s"], { cwd: root });
    expect(deep.sets).toEqual([]);
    expect(deep.problems.map((p) => p.path)).toEqual(["s"]);
  });

  it("reads a folder reached twice through a symlink once", () => {
    const root = makeTree({ "repo/db/1.sql": "SELECT 1;", "repo/alias": { symlink: "db" }, "repo/docs": DIR });
    const result = readMigrationSets(["repo"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets.map((s) => s.root)).toEqual(["repo/alias"]);
  });

  it("shows the working folder itself as `.`", () => {
    const root = makeTree({ "1.sql": "SELECT 1;" });
    const result = readMigrationSets(["."], { cwd: root });
    expect(result.sets.map((s) => [s.root, s.migrations[0]!.path])).toEqual([[".", "1.sql"]]);
  });
});
