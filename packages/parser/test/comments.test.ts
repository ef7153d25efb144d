import { loadParser, parseSqlText, type Comment } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => loadParser());

const texts = (comments: Comment[]) => comments.map((c) => c.text);

/** Leading and trailing comment texts of each statement. */
function attached(text: string): Array<{ statement: string; leading: string[]; trailing: string[] }> {
  return parseSqlText(text).statements.map((s) => ({ statement: s.text, leading: texts(s.leadingComments), trailing: texts(s.trailingComments) }));
}

describe("leading comments", () => {
  it("gives a `-- compat:` line before a statement to that statement only", () => {
    const text = [
      "ALTER TABLE a ADD COLUMN x int;",
      "-- compat: breaking (reason: nobody reads x yet)",
      "ALTER TABLE a DROP COLUMN y;",
      "ALTER TABLE a DROP COLUMN z;",
    ].join("\n");
    expect(attached(text)).toEqual([
      { statement: "ALTER TABLE a ADD COLUMN x int", leading: [], trailing: [] },
      { statement: "ALTER TABLE a DROP COLUMN y", leading: ["-- compat: breaking (reason: nobody reads x yet)"], trailing: [] },
      { statement: "ALTER TABLE a DROP COLUMN z", leading: [], trailing: [] },
    ]);
    const comment = parseSqlText(text).statements[1]!.leadingComments[0]!;
    expect(comment).toEqual({
      text: "-- compat: breaking (reason: nobody reads x yet)",
      kind: "line",
      range: { start: { line: 2, column: 1, offset: 32, byte: 32 }, end: { line: 2, column: 49, offset: 80, byte: 80 } },
    });
  });

  it("collects every comment between two statements, across blank lines, in order", () => {
    const text = "SELECT 1;\n\n-- one\n/* two\n   lines */\n\n-- three\nSELECT 2;";
    expect(attached(text)[1]).toEqual({ statement: "SELECT 2", leading: ["-- one", "/* two\n   lines */", "-- three"], trailing: [] });
    expect(parseSqlText(text).statements[1]!.leadingComments.map((c) => c.kind)).toEqual(["line", "block", "line"]);
  });

  it("gives comments before the first statement to it, nested block comments whole", () => {
    const text = "/* header /* nested */ still header */\n-- compat: x\nSELECT 1;";
    expect(attached(text)).toEqual([{ statement: "SELECT 1", leading: ["/* header /* nested */ still header */", "-- compat: x"], trailing: [] }]);
  });

  it("does not take a comment from inside a string or a dollar-quoted body", () => {
    const text = "SELECT '-- not a comment', '/* nor this */';\nCREATE FUNCTION f() RETURNS int AS $$ -- body comment\nSELECT 1; $$ LANGUAGE sql;\nSELECT 2;";
    expect(attached(text).map((a) => [...a.leading, ...a.trailing])).toEqual([[], [], []]);
  });

  it("keeps a `;` or a quote inside a comment from splitting anything", () => {
    const text = "SELECT 1;\n-- it's a comment; really\n/* don't; */\nSELECT 2;";
    expect(attached(text)).toEqual([
      { statement: "SELECT 1", leading: [], trailing: [] },
      { statement: "SELECT 2", leading: ["-- it's a comment; really", "/* don't; */"], trailing: [] },
    ]);
  });
});

describe("trailing comments", () => {
  it("gives a comment after the `;` on the same line to that statement, not the next", () => {
    const text = "ALTER TABLE a DROP COLUMN b; -- compat: breaking (reason: unused)\nALTER TABLE a DROP COLUMN c;";
    expect(attached(text)).toEqual([
      { statement: "ALTER TABLE a DROP COLUMN b", leading: [], trailing: ["-- compat: breaking (reason: unused)"] },
      { statement: "ALTER TABLE a DROP COLUMN c", leading: [], trailing: [] },
    ]);
    const comment = parseSqlText(text).statements[0]!.trailingComments[0]!;
    expect(comment.range.start).toEqual({ line: 1, column: 30, offset: 29, byte: 29 });
    expect(comment.range.end).toEqual({ line: 1, column: 66, offset: 65, byte: 65 });
  });

  it("gives a comment inside the first line of a multi-line statement to that statement", () => {
    const text = "SELECT 0;\nALTER TABLE a -- compat: breaking (reason: backfilled)\n  ADD COLUMN b int NOT NULL, -- second line: not attached\n  ADD COLUMN c int;";
    const statement = parseSqlText(text).statements[1]!;
    expect(texts(statement.trailingComments)).toEqual(["-- compat: breaking (reason: backfilled)"]);
    expect(statement.leadingComments).toEqual([]);
    expect(statement.trailingComments[0]!.range.start).toMatchObject({ line: 2, column: 15 });
  });

  it("finds a first-line block comment and a trailing comment of the same statement", () => {
    const text = "ALTER TABLE /* compat: x */ a\n  DROP COLUMN b; /* after */ -- and more\nSELECT 1;";
    expect(attached(text)[0]).toEqual({ statement: "ALTER TABLE /* compat: x */ a\n  DROP COLUMN b", leading: [], trailing: ["/* compat: x */", "/* after */", "-- and more"] });
  });

  it("gives a comment between two statements on one line to the first", () => {
    expect(attached("SELECT 1; /* between */ SELECT 2;")).toEqual([
      { statement: "SELECT 1", leading: [], trailing: ["/* between */"] },
      { statement: "SELECT 2", leading: [], trailing: [] },
    ]);
  });

  it("attaches drizzle's `--> statement-breakpoint` as a trailing comment", () => {
    const text = 'CREATE TABLE "a" ("id" int);--> statement-breakpoint\nCREATE TABLE "b" ("id" int);--> statement-breakpoint\n';
    expect(attached(text)).toEqual([
      { statement: 'CREATE TABLE "a" ("id" int)', leading: [], trailing: ["--> statement-breakpoint"] },
      { statement: 'CREATE TABLE "b" ("id" int)', leading: [], trailing: ["--> statement-breakpoint"] },
    ]);
  });

  it("attaches a comment after a last statement without a semicolon, and drops comments on later lines", () => {
    const text = "SELECT 1;\nSELECT 2 -- why\n-- orphan\n/* orphan too */";
    expect(attached(text)).toEqual([
      { statement: "SELECT 1", leading: [], trailing: [] },
      { statement: "SELECT 2", leading: [], trailing: ["-- why"] },
    ]);
  });

  it("keeps the \\r of CRLF out of comment texts and ranges", () => {
    const text = "-- lead\r\nSELECT 1; -- trail\r\nSELECT 2;\r\n";
    const [first] = parseSqlText(text).statements;
    expect(texts(first!.leadingComments)).toEqual(["-- lead"]);
    expect(texts(first!.trailingComments)).toEqual(["-- trail"]);
    expect(first!.trailingComments[0]!.range.end).toMatchObject({ line: 2, column: 19 });
  });

  it("ends a statement's first line at a lone \\r", () => {
    const text = "ALTER TABLE a -- first\r  ADD COLUMN b int, -- second\r  ADD COLUMN c int;";
    expect(texts(parseSqlText(text).statements[0]!.trailingComments)).toEqual(["-- first"]);
  });

  it("locates comments after non-ASCII text in UTF-16 columns", () => {
    const text = "SELECT 'é😀'; -- ünïcode\n-- ça\nSELECT 1;";
    const [first, second] = parseSqlText(text).statements;
    expect(first!.trailingComments[0]).toEqual({
      text: "-- ünïcode",
      kind: "line",
      // `SELECT 'é😀';` is 13 UTF-16 units and 16 bytes.
      range: { start: { line: 1, column: 15, offset: 14, byte: 17 }, end: { line: 1, column: 25, offset: 24, byte: 29 } },
    });
    expect(second!.leadingComments[0]!.range.start).toEqual({ line: 2, column: 1, offset: 25, byte: 30 });
  });
});

describe("comments around a statement PostgreSQL rejects", () => {
  it("gives the rejected statement's comments to no other statement", () => {
    const text = [
      "SELECT 1; -- trails SELECT 1",
      "-- compat: breaking (reason: leads the bad statement)",
      "SELEC 2; -- compat: breaking (reason: trails the bad statement)",
      "-- leads SELECT 3",
      "SELECT 3;",
    ].join("\n");
    const file = parseSqlText(text);
    expect(file.syntaxIssues).toHaveLength(1);
    expect(attached(text)).toEqual([
      { statement: "SELECT 1", leading: [], trailing: ["-- trails SELECT 1"] },
      { statement: "SELECT 3", leading: ["-- leads SELECT 3"], trailing: [] },
    ]);
  });

  it("does not read `--` inside a rejected statement's string as a comment", () => {
    const text = "SELECT 1;\nSELEC '-- compat: breaking (reason: in a string)';\nSELECT 3;";
    expect(attached(text).map((a) => [...a.leading, ...a.trailing])).toEqual([[], []]);
  });
});
