import { loadParser, parseSqlText, readMigrationSets } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { drizzleJournal, makeTree } from "./support/temp-tree.js";

beforeAll(() => loadParser());

describe("drizzle-kit folders", () => {
  it("reads migrations in the journal's order, not the files' name order", () => {
    const root = makeTree({
      "drizzle/meta/_journal.json": drizzleJournal(["0001_zeta", "0000_alpha", "0002_mid"]),
      "drizzle/0000_alpha.sql": 'CREATE TABLE "a" ("id" int);--> statement-breakpoint\nCREATE TABLE "b" ("id" int);--> statement-breakpoint',
      "drizzle/0001_zeta.sql": 'ALTER TABLE "a" ADD COLUMN "x" text;',
      "drizzle/0002_mid.sql": 'DROP TABLE "b";',
      "drizzle/meta/0000_snapshot.json": "{}",
    });
    const result = readMigrationSets(["drizzle"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets).toHaveLength(1);
    const [set] = result.sets;
    expect(set!.root).toBe("drizzle");
    expect(set!.kind).toBe("drizzle");
    expect(set!.migrations.map((m) => [m.name, m.path])).toEqual([
      ["0001_zeta", "drizzle/0001_zeta.sql"],
      ["0000_alpha", "drizzle/0000_alpha.sql"],
      ["0002_mid", "drizzle/0002_mid.sql"],
    ]);
    const alpha = set!.migrations[1]!;
    expect(alpha.down).toBeUndefined();
    expect(parseSqlText(alpha.text).statements.map((s) => s.text)).toEqual(['CREATE TABLE "a" ("id" int)', 'CREATE TABLE "b" ("id" int)']);
  });

  it("reports a journal entry without its file, and still reads the others", () => {
    const root = makeTree({
      "drizzle/meta/_journal.json": drizzleJournal(["0000_a", "0001_gone", "0002_c"]),
      "drizzle/0000_a.sql": "SELECT 1;",
      "drizzle/0002_c.sql": "SELECT 3;",
    });
    const result = readMigrationSets(["drizzle"], { cwd: root });
    expect(result.problems).toEqual([{ path: "drizzle/0001_gone.sql", message: "is listed in meta/_journal.json but does not exist", severity: "error" }]);
    expect(result.sets[0]!.migrations.map((m) => m.name)).toEqual(["0000_a", "0002_c"]);
  });

  it("lints files the journal does not list after the listed ones, with one warning", () => {
    const root = makeTree({
      "drizzle/meta/_journal.json": drizzleJournal(["0001_b"]),
      "drizzle/0000_hand_written.sql": "SELECT 0;",
      "drizzle/0001_b.sql": "SELECT 1;",
      "drizzle/0002_later.sql": "SELECT 2;",
    });
    const result = readMigrationSets(["drizzle"], { cwd: root });
    expect(result.problems).toEqual([
      {
        path: "drizzle/meta/_journal.json",
        message:
          "does not list 2 .sql file(s) of its folder (0000_hand_written.sql, 0002_later.sql): drizzle-kit migrate will not apply them; linted anyway, after the listed ones",
        severity: "warning",
      },
    ]);
    expect(result.sets[0]!.migrations.map((m) => m.name)).toEqual(["0001_b", "0000_hand_written", "0002_later"]);
  });

  it("names five unlisted files and counts the rest", () => {
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`drizzle/000${i}_f.sql`, `SELECT ${i};`]));
    const root = makeTree({ ...files, "drizzle/meta/_journal.json": drizzleJournal([]) });
    const result = readMigrationSets(["drizzle"], { cwd: root });
    expect(result.problems.map((p) => p.message)).toEqual([
      "does not list 8 .sql file(s) of its folder (0000_f.sql, 0001_f.sql, 0002_f.sql, 0003_f.sql, 0004_f.sql and 3 more): drizzle-kit migrate will not apply them; linted anyway, after the listed ones",
    ]);
    expect(result.sets[0]!.migrations).toHaveLength(8);
  });

  it("reports a journal that is not JSON, and still lints the folder's files", () => {
    const root = makeTree({
      "drizzle/meta/_journal.json": "{ not json",
      "drizzle/0000_a.sql": "SELECT 1;",
    });
    const result = readMigrationSets(["drizzle"], { cwd: root });
    expect(result.problems.map((p) => [p.path, p.severity])).toEqual([
      ["drizzle/meta/_journal.json", "error"],
      ["drizzle/meta/_journal.json", "warning"],
    ]);
    expect(result.problems[0]!.message).toMatch(/^is not valid JSON: /);
    expect(result.sets[0]!.migrations.map((m) => m.name)).toEqual(["0000_a"]);
  });

  it("detects drizzle by its journal even when the files look like golang-migrate's", () => {
    const root = makeTree({
      "m/meta/_journal.json": drizzleJournal(["1_x.up"]),
      "m/1_x.up.sql": "SELECT 1;",
    });
    const result = readMigrationSets(["m"], { cwd: root });
    expect(result.sets.map((s) => [s.kind, s.migrations.map((m) => m.name)])).toEqual([["drizzle", ["1_x.up"]]]);
  });

  it("shows paths outside the working folder as absolute paths", () => {
    const root = makeTree({ "drizzle/meta/_journal.json": drizzleJournal(["0000_a"]), "drizzle/0000_a.sql": "SELECT 1;" });
    const elsewhere = makeTree();
    const result = readMigrationSets([`${root}/drizzle`], { cwd: elsewhere });
    expect(result.sets[0]!.root).toBe(`${root}/drizzle`);
    expect(result.sets[0]!.migrations[0]!.path).toBe(`${root}/drizzle/0000_a.sql`);
  });
});

describe("files the journal does not list", () => {
  it("are read with an unknown transaction model (drizzle-kit's migrator does not run them)", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { readMigrationSets } = await import("../src/index.js");
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-drizzle-"));
    mkdirSync(join(dir, "meta"));
    writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ entries: [{ idx: 0, tag: "0000_init" }] }));
    writeFileSync(join(dir, "0000_init.sql"), "CREATE TABLE t (id int);\n");
    writeFileSync(join(dir, "0001_by_hand.sql"), "CREATE INDEX CONCURRENTLY i ON t (id);\n");
    const [set] = readMigrationSets([dir]).sets;
    expect(set!.migrations.map((m) => [m.name, m.transaction])).toEqual([
      ["0000_init", undefined],
      ["0001_by_hand", "none"],
    ]);
  });
});
