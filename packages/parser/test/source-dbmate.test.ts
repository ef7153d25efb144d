import { loadParser, parseSqlText, readMigrationSets, SourceText, type Migration } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTree } from "./support/temp-tree.js";

beforeAll(() => loadParser());

/** Each statement of `text` as `line:column text`. */
function located(text: string): string[] {
  return parseSqlText(text).statements.map((s) => `${s.range.start.line}:${s.range.start.column} ${s.text}`);
}

/** Where `needle` is in `file`, as `line:column`. */
function find(file: string, needle: string): string {
  const at = new SourceText(file).position(file.indexOf(needle));
  return `${at.line}:${at.column}`;
}

function readOne(files: Record<string, string>): { migrations: Migration[]; kind: string } {
  const root = makeTree(files);
  const result = readMigrationSets(["db/migrations"], { cwd: root });
  expect(result.problems).toEqual([]);
  expect(result.sets).toHaveLength(1);
  return result.sets[0]!;
}

describe("dbmate folders", () => {
  const file = [
    "-- Migration für Ümlaute 😀",
    "-- migrate:up",
    "CREATE TABLE users (id int);",
    "  ALTER TABLE users ADD COLUMN \"naïve\" text;",
    "",
    "-- migrate:down",
    "ALTER TABLE users DROP COLUMN \"naïve\";",
    "DROP TABLE users;",
    "",
  ].join("\n");

  it("gives the up statements at their positions in the file, with the down section blanked", () => {
    const set = readOne({ "db/migrations/20240101000000_create_users.sql": file, "db/migrations/20240102000000_more.sql": "-- migrate:up\nSELECT 1;\n" });
    expect(set.kind).toBe("dbmate");
    const [migration] = set.migrations;
    expect(migration!.name).toBe("20240101000000_create_users");
    expect(migration!.path).toBe("db/migrations/20240101000000_create_users.sql");
    // Same length and same line breaks: every position is the file's.
    expect(migration!.text).toHaveLength(file.length);
    expect(migration!.text.split("\n").length).toBe(file.split("\n").length);
    expect(located(migration!.text)).toEqual([
      `${find(file, "CREATE TABLE users")} CREATE TABLE users (id int)`,
      `${find(file, "ALTER TABLE users ADD")} ALTER TABLE users ADD COLUMN "naïve" text`,
    ]);
    expect(located(migration!.text).map((s) => s.split(" ")[0])).toEqual(["3:1", "4:3"]);
  });

  it("captures the down section, also at the file's positions", () => {
    const [migration] = readOne({ "db/migrations/20240101000000_create_users.sql": file }).migrations;
    expect(migration!.down?.path).toBe("db/migrations/20240101000000_create_users.sql");
    expect(migration!.down!.text).toHaveLength(file.length);
    expect(located(migration!.down!.text)).toEqual(['7:1 ALTER TABLE users DROP COLUMN "naïve"', "8:1 DROP TABLE users"]);
  });

  it("reads a file whose down section comes first", () => {
    const text = "-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t (id int);\n";
    const [migration] = readOne({ "db/migrations/1_t.sql": text }).migrations;
    expect(located(migration!.text)).toEqual(["4:1 CREATE TABLE t (id int)"]);
    expect(located(migration!.down!.text)).toEqual(["2:1 DROP TABLE t"]);
  });

  it("keeps CRLF line ends, so positions stay those of the file", () => {
    const text = "-- migrate:up transaction:false\r\nCREATE INDEX CONCURRENTLY i ON t (a);\r\n-- migrate:down\r\nDROP INDEX i;\r\n";
    const [migration] = readOne({ "db/migrations/1_i.sql": text }).migrations;
    expect(migration!.text).toBe("-- migrate:up transaction:false\r\nCREATE INDEX CONCURRENTLY i ON t (a);\r\n" + "               \r\n             \r\n");
    expect(located(migration!.text)).toEqual(["2:1 CREATE INDEX CONCURRENTLY i ON t (a)"]);
    expect(located(migration!.down!.text)).toEqual(["4:1 DROP INDEX i"]);
  });

  it("reads an up section without a down section", () => {
    const [migration] = readOne({ "db/migrations/1_a.sql": "-- migrate:up\nSELECT 1;\n" }).migrations;
    expect(migration!.text).toBe("-- migrate:up\nSELECT 1;\n");
    expect(migration!.down).toBeUndefined();
  });

  it("recognises a single dbmate file given by path", () => {
    const root = makeTree({ "one.sql": file });
    const result = readMigrationSets(["one.sql"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets.map((s) => [s.root, s.kind])).toEqual([["one.sql", "dbmate"]]);
    expect(located(result.sets[0]!.migrations[0]!.text).map((s) => s.split(" ")[0])).toEqual(["3:1", "4:3"]);
    expect(located(result.sets[0]!.migrations[0]!.down!.text).map((s) => s.split(" ")[0])).toEqual(["7:1", "8:1"]);
  });
});
