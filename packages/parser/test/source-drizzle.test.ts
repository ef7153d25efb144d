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

  it("records a journal entry without its file (for missing-migration-file), and still reads the others", () => {
    const root = makeTree({
      "drizzle/meta/_journal.json": drizzleJournal(["0000_a", "0001_gone", "0002_c"]),
      "drizzle/0000_a.sql": "SELECT 1;",
      "drizzle/0002_c.sql": "SELECT 3;",
    });
    const result = readMigrationSets(["drizzle"], { cwd: root });
    expect(result.problems).toEqual([]);
    const [set] = result.sets;
    expect(set!.migrations.map((m) => m.name)).toEqual(["0000_a", "0002_c"]);
    expect(set!.journal!.entries.map((e) => [e.tag, e.migrationPath])).toEqual([
      ["0000_a", "drizzle/0000_a.sql"],
      ["0001_gone", undefined],
      ["0002_c", "drizzle/0002_c.sql"],
    ]);
  });

  it("keeps a set whose journal lists only files that do not exist, so that the checks can report them", () => {
    const root = makeTree({ "drizzle/meta/_journal.json": drizzleJournal(["0000_baseline"]), "drizzle/meta/0000_snapshot.json": "{}" });
    const result = readMigrationSets(["drizzle"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets.map((s) => [s.kind, s.migrations.length, s.journal?.entries.length])).toEqual([["drizzle", 0, 1]]);
  });

  it("records each entry's idx, when and tag with their places in the journal's text", () => {
    const text = drizzleJournal(["0000_a", "0001_b"]);
    const root = makeTree({ "drizzle/meta/_journal.json": text, "drizzle/0000_a.sql": "SELECT 1;", "drizzle/0001_b.sql": "SELECT 2;", "drizzle/meta/0001_snapshot.json": "{}", "drizzle/meta/0000_snapshot.json": "{}" });
    const journal = readMigrationSets(["drizzle"], { cwd: root }).sets[0]!.journal!;
    expect(journal.path).toBe("drizzle/meta/_journal.json");
    expect(journal.dialect).toBe("postgresql");
    expect(journal.metaFiles).toEqual(["0000_snapshot.json", "0001_snapshot.json", "_journal.json"]);
    const [, second] = journal.entries;
    expect([second!.idx, second!.when, second!.tag]).toEqual([1, 1700000000001, "0001_b"]);
    const slice = (span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);
    expect([slice(second!.spans.tag), slice(second!.spans.idx), slice(second!.spans.when)]).toEqual(['"0001_b"', "1", "1700000000001"]);
  });

  it("lints files the journal does not list after the listed ones, and records them (for unlisted-migration)", () => {
    const root = makeTree({
      "drizzle/meta/_journal.json": drizzleJournal(["0001_b"]),
      "drizzle/0000_hand_written.sql": "SELECT 0;",
      "drizzle/0001_b.sql": "SELECT 1;",
      "drizzle/0002_later.sql": "SELECT 2;",
    });
    const result = readMigrationSets(["drizzle"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets[0]!.migrations.map((m) => m.name)).toEqual(["0001_b", "0000_hand_written", "0002_later"]);
    expect(result.sets[0]!.journal!.unlisted).toEqual(["drizzle/0000_hand_written.sql", "drizzle/0002_later.sql"]);
  });

  it("reports a journal that is not JSON, and still lints the folder's files (with no journal facts)", () => {
    const root = makeTree({
      "drizzle/meta/_journal.json": "{ not json",
      "drizzle/0000_a.sql": "SELECT 1;",
    });
    const result = readMigrationSets(["drizzle"], { cwd: root });
    expect(result.problems.map((p) => [p.path, p.severity])).toEqual([["drizzle/meta/_journal.json", "error"]]);
    expect(result.problems[0]!.message).toMatch(/^is not valid JSON: /);
    expect(result.sets[0]!.migrations.map((m) => m.name)).toEqual(["0000_a"]);
    expect(result.sets[0]!.journal).toBeUndefined();
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
