// Unusable inputs: each gives exactly one problem, `path: message`, and the rest of the run is
// still read. (Permission-denied cannot be tested: CI runs as root.)
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_FILE_BYTES, readMigrationSets, readMigrationText, type ReadResult } from "@rollsafe/parser";
import { describe, expect, it } from "vitest";
import { DIR, drizzleJournal, makeTree } from "./support/temp-tree.js";

/** Names of the migrations read, per set root. */
function readNames(result: ReadResult): Record<string, string[]> {
  return Object.fromEntries(result.sets.map((s) => [s.root, s.migrations.map((m) => m.name)]));
}

describe("a folder holding one unusable file", () => {
  it.each([
    ["a binary file (NUL bytes)", Buffer.from("SELECT 1;\0\0\0garbage"), "is a binary file (NUL byte at offset 9), not SQL text"],
    ["a Latin-1 file", Buffer.from("SELECT 1;\nSELECT 'caf\xe9';\n", "latin1"), "is not valid UTF-8 (first bad byte at offset 21, line 2); save it as UTF-8"],
    ["a UTF-16 file", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("SELECT 1;", "utf16le")]), "is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8"],
  ])("reports %s once and reads the other files", (_name, content, message) => {
    const root = makeTree({ "sql/1_a.sql": "SELECT 1;", "sql/2_bad.sql": content, "sql/3_c.sql": "SELECT 3;" });
    const result = readMigrationSets(["sql"], { cwd: root });
    expect(result.problems).toEqual([{ path: "sql/2_bad.sql", message, severity: "error" }]);
    expect(readNames(result)).toEqual({ sql: ["1_a", "3_c"] });
  });

  it("reports a file over MAX_FILE_BYTES (~20 MB of SQL) without reading it, and reads one of exactly the limit", () => {
    const big = "INSERT INTO t VALUES (1, 'some padding text');\n";
    const root = makeTree({ "sql/1_a.sql": "SELECT 1;", "sql/3_c.sql": "SELECT 3;" });
    writeFileSync(join(root, "sql/2_huge.sql"), big.repeat(Math.ceil((20 * 1024 * 1024) / big.length)));
    const atLimit = Buffer.alloc(MAX_FILE_BYTES, " ");
    atLimit.write("SELECT 4;", 0);
    writeFileSync(join(root, "sql/4_at_limit.sql"), atLimit);
    const result = readMigrationSets(["sql"], { cwd: root });
    expect(result.problems).toEqual([{ path: "sql/2_huge.sql", message: "is 20.0 MiB, over the 16.0 MiB limit for one migration file; skipped", severity: "error" }]);
    expect(readNames(result)).toEqual({ sql: ["1_a", "3_c", "4_at_limit"] });
    expect(result.sets[0]!.migrations[2]!.text).toHaveLength(MAX_FILE_BYTES);
  });

  it("reports a symlink that is part of a loop (a -> b -> a)", () => {
    const root = makeTree({ "sql/1_a.sql": "SELECT 1;", "sql/2_loop.sql": { symlink: "../elsewhere.sql" }, "elsewhere.sql": { symlink: "sql/2_loop.sql" } });
    const result = readMigrationSets(["sql"], { cwd: root });
    expect(result.problems).toEqual([{ path: "sql/2_loop.sql", message: "is a symlink loop", severity: "error" }]);
    expect(readNames(result)).toEqual({ sql: ["1_a"] });
  });

  it("reports each of two links looping into each other in the folder once", () => {
    const root = makeTree({ "sql/1_a.sql": "SELECT 1;", "sql/a.sql": { symlink: "b.sql" }, "sql/b.sql": { symlink: "a.sql" } });
    const result = readMigrationSets(["sql"], { cwd: root });
    expect(result.problems).toEqual([
      { path: "sql/a.sql", message: "is a symlink loop", severity: "error" },
      { path: "sql/b.sql", message: "is a symlink loop", severity: "error" },
    ]);
    expect(readNames(result)).toEqual({ sql: ["1_a"] });
  });

  it("reports a broken symlink, naming its target", () => {
    const root = makeTree({ "sql/1_a.sql": "SELECT 1;", "sql/2_gone.sql": { symlink: "../deleted.sql" } });
    const result = readMigrationSets(["sql"], { cwd: root });
    expect(result.problems).toEqual([{ path: "sql/2_gone.sql", message: "is a broken symlink (its target ../deleted.sql does not exist)", severity: "error" }]);
    expect(readNames(result)).toEqual({ sql: ["1_a"] });
  });

  it("follows a symlink that works", () => {
    const root = makeTree({ "shared/x.sql": "SELECT 'x';", "sql/1_a.sql": "SELECT 1;", "sql/2_link.sql": { symlink: "../shared/x.sql" } });
    const result = readMigrationSets(["sql"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets[0]!.migrations.map((m) => [m.path, m.text])).toEqual([
      ["sql/1_a.sql", "SELECT 1;"],
      ["sql/2_link.sql", "SELECT 'x';"],
    ]);
  });
});

describe("a folder where a migration file is expected", () => {
  it("reports a Prisma migration.sql that is a folder", () => {
    const root = makeTree({ "m/20240101000000_a/migration.sql": "SELECT 1;", "m/20240102000000_b/migration.sql": DIR, "m/20240103000000_c/migration.sql": "SELECT 3;" });
    const result = readMigrationSets(["m"], { cwd: root });
    expect(result.problems).toEqual([{ path: "m/20240102000000_b/migration.sql", message: "is a directory, expected a .sql file", severity: "error" }]);
    expect(readNames(result)).toEqual({ m: ["20240101000000_a", "20240103000000_c"] });
  });

  it("reports a drizzle journal entry whose .sql is a folder as a folder, not as missing", () => {
    const root = makeTree({ "d/meta/_journal.json": drizzleJournal(["0000_a", "0001_b", "0002_c"]), "d/0000_a.sql": "SELECT 1;", "d/0001_b.sql": DIR, "d/0002_c.sql": "SELECT 3;" });
    const result = readMigrationSets(["d"], { cwd: root });
    expect(result.problems).toEqual([{ path: "d/0001_b.sql", message: "is a directory, expected a .sql file", severity: "error" }]);
    expect(readNames(result)).toEqual({ d: ["0000_a", "0002_c"] });
  });

  it("reports a golang-migrate up file that is a folder", () => {
    const root = makeTree({ "g/1_a.up.sql": "SELECT 1;", "g/2_b.up.sql": DIR, "g/3_c.up.sql": "SELECT 3;" });
    const result = readMigrationSets(["g"], { cwd: root });
    expect(result.problems).toEqual([{ path: "g/2_b.up.sql", message: "is a directory, expected a .sql file", severity: "error" }]);
    expect(readNames(result)).toEqual({ g: ["1_a", "3_c"] });
  });

  it("refuses a directory given to readMigrationText", () => {
    const root = makeTree({ "x.sql": DIR });
    expect(readMigrationText(join(root, "x.sql"))).toEqual({ problem: "is a directory, expected a .sql file" });
  });
});

describe("unusable paths given to readMigrationSets", () => {
  it.each([
    ["a path that does not exist", {}, "nope.sql", "no such file or directory"],
    ["a symlink loop", { "loop-a.sql": { symlink: "loop-b.sql" }, "loop-b.sql": { symlink: "loop-a.sql" } }, "loop-a.sql", "is a symlink loop"],
    ["a folder that is a symlink to itself", { migrations: { symlink: "migrations" } }, "migrations", "is a symlink loop"],
    ["a broken symlink", { "gone.sql": { symlink: "missing/target.sql" } }, "gone.sql", "is a broken symlink (its target missing/target.sql does not exist)"],
    ["a path under a file", { "file.sql": "SELECT 1;" }, "file.sql/x.sql", "a parent of this path is not a directory"],
    ["an empty folder", { empty: DIR }, "empty", "no migrations found (looked for drizzle-kit, Prisma, golang-migrate, dbmate and plain .sql layouts)"],
    ["a folder without SQL", { docs: DIR, "docs/README.md": "hi", "docs/sub/notes.txt": "x" }, "docs", "no migrations found (looked for drizzle-kit, Prisma, golang-migrate, dbmate and plain .sql layouts)"],
    ["a binary file", { "bin.sql": Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]) }, "bin.sql", "is a binary file (NUL byte at offset 4), not SQL text"],
  ] as const)("reports %s once, and still reads the other paths", (_name, entries, given, message) => {
    const root = makeTree({ ...entries, "good/1_a.sql": "SELECT 1;", "other.sql": "SELECT 2;" });
    const result = readMigrationSets(["good", given, "other.sql"], { cwd: root });
    expect(result.problems).toEqual([{ path: given, message, severity: "error" }]);
    expect(readNames(result)).toEqual({ good: ["1_a"], "other.sql": ["other"] });
  });

  it("refuses a named pipe instead of waiting for a writer", () => {
    const root = makeTree({ "good/1_a.sql": "SELECT 1;" });
    execFileSync("mkfifo", [join(root, "pipe.sql")]);
    const result = readMigrationSets(["pipe.sql", "good"], { cwd: root });
    expect(result.problems).toEqual([{ path: "pipe.sql", message: "is not a regular file", severity: "error" }]);
    expect(readNames(result)).toEqual({ good: ["1_a"] });
  });

  it("says an empty folder has no migrations even when a path sharing its name's prefix has problems", () => {
    const root = makeTree({ a: DIR, "ab/1.sql": "SELECT 1;", "ab/2.sql": { symlink: "missing.sql" } });
    const result = readMigrationSets(["ab", "a"], { cwd: root });
    expect(result.problems.map((p) => p.path)).toEqual(["ab/2.sql", "a"]);
  });

  it("says so when a forced layout finds no migrations", () => {
    const root = makeTree({ "d/meta/_journal.json": drizzleJournal(["0000_a"]), "d/0000_a.sql": "SELECT 1;" });
    const result = readMigrationSets(["d"], { cwd: root, source: "prisma" });
    expect(result.problems).toEqual([{ path: "d", message: 'no migrations found in the prisma layout (the source is set to "prisma")', severity: "error" }]);
  });

  it("reports every bad input of one run once, and reads every good one", () => {
    const root = makeTree({
      "good/drizzle/meta/_journal.json": drizzleJournal(["0000_a"]),
      "good/drizzle/0000_a.sql": "SELECT 1;",
      "good/plain/1.sql": "SELECT 1;",
      "good/plain/2.sql": Buffer.from("SELECT '\xff';", "latin1"),
      "empty": DIR,
      "broken.sql": { symlink: "nowhere.sql" },
      "loop.sql": { symlink: "loop.sql" },
      "single.sql": "SELECT 'single';",
    });
    const result = readMigrationSets(["good", "missing", "empty", "broken.sql", "loop.sql", "single.sql"], { cwd: root });
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "good/plain/2.sql: is not valid UTF-8 (first bad byte at offset 8, line 1); save it as UTF-8",
      "missing: no such file or directory",
      "empty: no migrations found (looked for drizzle-kit, Prisma, golang-migrate, dbmate and plain .sql layouts)",
      "broken.sql: is a broken symlink (its target nowhere.sql does not exist)",
      "loop.sql: is a symlink loop",
    ]);
    expect(readNames(result)).toEqual({ "good/drizzle": ["0000_a"], "good/plain": ["1"], "single.sql": ["single"] });
  });
});
