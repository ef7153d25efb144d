import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadParser, parseSqlText, type Range, type Statement } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "../../../test/support/corpus.js";

/** The shared corpus of real migrations, read in place from the repository's parent folder. */
const corpus = CORPUS_DIR;

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sqlFiles(join(dir, e.name)) : e.isFile() && e.name.endsWith(".sql") ? [join(dir, e.name)] : []))
    .sort();
}

beforeAll(() => loadParser());

const where = (range: Range) => `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;

function summary(text: string) {
  const file = parseSqlText(text);
  return {
    statements: file.statements.map((s) => `${where(s.range)} ${s.text}`),
    issues: file.syntaxIssues.map((i) => `${where(i.range)} ${i.message}`),
  };
}

describe("one bad statement does not hide the others", () => {
  it("reports an error in the middle of a file at its exact line and column, and keeps the statements around it", () => {
    const text = "CREATE TABLE a (id int);\nALTER TABLE a\n  ADD COLUMN b int NOT NULL DEFAULT DEFAULT;\nALTER TABLE a DROP COLUMN id;\n";
    expect(summary(text)).toEqual({
      statements: ["1:1-1:24 CREATE TABLE a (id int)", "4:1-4:29 ALTER TABLE a DROP COLUMN id"],
      issues: ['3:37-3:44 syntax error at or near "DEFAULT"'],
    });
  });

  it("gives exact positions and byteBase to statements read after an error", () => {
    const text = "SELEC 1;\nSELECT 'é' AS \"naïve\";\n";
    const file = parseSqlText(text);
    const statement = file.statements[0]!;
    expect(statement.range).toEqual({ start: { line: 2, column: 1, offset: 9, byte: 9 }, end: { line: 2, column: 22, offset: 30, byte: 32 } });
    expect(statement.byteBase).toBe(9);
    // An AST location is relative to the piece that was parsed: byteBase makes it a file offset.
    const target = (statement.node as { SelectStmt: { targetList: Array<{ ResTarget: { location: number } }> } }).SelectStmt.targetList[0]!.ResTarget;
    expect(file.source.positionOfByte(statement.byteBase + target.location)).toMatchObject({ line: 2, column: 8 });
  });

  it("reports two syntax errors and keeps the three good statements", () => {
    const text = "SELECT 1;\nSELEC 2;\nSELECT 3;\nINSERT INTO t VALUES (1,);\nSELECT 5;";
    expect(summary(text)).toEqual({
      statements: ["1:1-1:9 SELECT 1", "3:1-3:9 SELECT 3", "5:1-5:9 SELECT 5"],
      issues: ['2:1-2:8 syntax error at or near "SELEC"', '4:25-4:26 syntax error at or near ")"'],
    });
    expect(parseSqlText(text).statements.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it("keeps the issue range inside its statement when the next one is on the same line", () => {
    expect(summary("SELEC 1; SELECT 2;").issues).toEqual(['1:1-1:8 syntax error at or near "SELEC"']);
  });

  it("reports an error at the end of a statement on its `;`", () => {
    expect(summary("SELECT 1 +;\nSELECT 2;")).toEqual({
      statements: ["2:1-2:9 SELECT 2"],
      issues: ["1:11-1:12 syntax error at end of input"],
    });
    expect(summary("SELECT 1;\nSELECT 2 +").issues).toEqual(["2:11-2:11 syntax error at end of input"]);
  });

  it("keeps a dollar-quoted body with `;` whole while splitting around a bad statement", () => {
    const text = "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql;\nSELEC 3;\nDO $$ BEGIN PERFORM 1; END $$;";
    expect(summary(text)).toEqual({
      statements: ["1:1-1:74 CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql", "3:1-3:30 DO $$ BEGIN PERFORM 1; END $$"],
      issues: ['2:1-2:8 syntax error at or near "SELEC"'],
    });
  });

  it("keeps a statement whose parentheses hold `;` (CREATE RULE) whole while splitting around a bad one", () => {
    const text = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELEC 2;\nSELECT 3;";
    const file = parseSqlText(text);
    expect(file.statements.map((s) => s.kind)).toEqual(["RuleStmt", "SelectStmt"]);
    expect(file.syntaxIssues.map((i) => where(i.range))).toEqual(["2:1-2:8"]);
  });

  it("ends a statement with an unclosed parenthesis at the `;` the grammar rejects, and reads on", () => {
    const text = "SELECT 1;\nCREATE TABLE t (id int;\nSELECT 3;\nSELECT (4;\nSELECT 5;";
    expect(summary(text)).toEqual({
      statements: ["1:1-1:9 SELECT 1", "3:1-3:9 SELECT 3", "5:1-5:9 SELECT 5"],
      issues: ['2:23-2:24 syntax error at or near ";"', '4:10-4:11 syntax error at or near ";"'],
    });
  });
});

describe("positions of errors after non-ASCII text", () => {
  it("places an error after accented letters and emoji in the same statement exactly", () => {
    // PostgreSQL counts the error position in characters; the range is in UTF-16 columns.
    const text = "SELECT 'é', '😀', \"naïve\" FROM t WHERE ORDER BY 1;";
    expect(summary(text).issues).toEqual([`1:${text.indexOf("ORDER") + 1}-1:${text.indexOf(";") + 1} syntax error at or near "ORDER"`]);
  });

  it("places an error after non-ASCII lines of a file exactly, with the statements around it", () => {
    const text = "-- Migration für Ümlaute 😀\nCREATE TABLE \"café\" (id int);\nALTER TABLE \"café\" ADD COLUMN \"crème\" text DEFAULT 'brûlée' WHERE x;\nSELECT '✓';";
    const file = parseSqlText(text);
    expect(file.syntaxIssues.map((i) => [where(i.range), i.message])).toEqual([["3:61-3:68", 'syntax error at or near "WHERE"']]);
    expect(file.statements.map((s) => s.text)).toEqual(['CREATE TABLE "café" (id int)', "SELECT '✓'"]);
  });

  it("places the error of a one-statement file with emoji exactly (the whole-file error path)", () => {
    const text = "SELECT '😀😀😀' AS x y z";
    const file = parseSqlText(text);
    expect(file.syntaxIssues.map((i) => i.range.start)).toEqual([{ line: 1, column: text.indexOf("y") + 1, offset: text.indexOf("y"), byte: Buffer.byteLength(text.slice(0, text.indexOf("y"))) }]);
  });
});

describe("errors of the tokenizer: unterminated quotes and comments", () => {
  it("reports an unterminated quote at the quote and keeps the statements before it", () => {
    const text = "CREATE TABLE a (id int);\nSELECT 2;\nINSERT INTO a VALUES ('oops);\nSELECT 4;\n";
    expect(summary(text)).toEqual({
      statements: ["1:1-1:24 CREATE TABLE a (id int)", "2:1-2:9 SELECT 2"],
      // Everything after the quote is inside the string: no statement can be read there.
      issues: [`3:23-3:30 unterminated quoted string at or near "'oops);…"`],
    });
  });

  it("reports an unterminated block comment, also in a file of comments only", () => {
    expect(summary("/* never closed\nSELECT 1;")).toEqual({ statements: [], issues: ['1:1-1:16 unterminated /* comment at or near "/* never closed…"'] });
    expect(summary("-- fine\n/* a /* b */ still open")).toEqual({ statements: [], issues: ['2:1-2:24 unterminated /* comment at or near "/* a /* b */ still open"'] });
    expect(summary("SELECT 1;\n/* open").statements).toEqual(["1:1-1:9 SELECT 1"]);
  });

  it("reports an unterminated dollar quote and an unterminated quoted identifier", () => {
    expect(summary("SELECT 1;\nDO $$ BEGIN PERFORM 1; END;\n")).toEqual({
      statements: ["1:1-1:9 SELECT 1"],
      issues: ['2:4-2:28 unterminated dollar-quoted string at or near "$$ BEGIN PERFORM 1; END;…"'],
    });
    expect(summary('SELECT 1; SELECT "abc').issues).toEqual(['1:18-1:22 unterminated quoted identifier at or near ""abc"']);
  });

  it("shortens the quoted rest of the file in the message to 40 characters of its first line", () => {
    const text = `SELECT '${"x".repeat(100)}\n${"SELECT 1;\n".repeat(1000)}`;
    const [issue] = parseSqlText(text).syntaxIssues;
    expect(issue!.message).toBe(`unterminated quoted string at or near "'${"x".repeat(39)}…"`);
  });

  it("keeps the first error when a grammar error comes before an unterminated quote", () => {
    expect(summary("SELECT 1;\nSELEC 2;\nSELECT 'never closed;\n")).toEqual({
      statements: ["1:1-1:9 SELECT 1"],
      issues: ['2:1-2:9 syntax error at or near "SELEC"'],
    });
  });
});

describe.skipIf(!RUN_CORPUS_TESTS)("on real migrations", () => {
  let files: Array<{ path: string; text: string; good: ReturnType<typeof parseSqlText> }> = [];
  beforeAll(() => {
    // Every 5th corpus file with at least three statements.
    files = sqlFiles(corpus)
      .filter((_, i) => i % 5 === 0)
      .map((path) => ({ path, text: readFileSync(path, "utf8") }))
      .map((f) => ({ ...f, good: parseSqlText(f.text) }))
      .filter((f) => f.good.syntaxIssues.length === 0 && f.good.statements.length >= 3);
  });

  it("has enough files to say something", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it("a typo in one statement costs that statement only: the others keep their texts, kinds and places", () => {
    for (const { path, text, good } of files) {
      const k = Math.floor(good.statements.length / 2);
      const bad = good.statements[k]!;
      const insert = "XYZZY ";
      const broken = text.slice(0, bad.range.start.offset) + insert + text.slice(bad.range.start.offset);
      const file = parseSqlText(broken);
      expect(file.syntaxIssues.map((i) => [i.range.start.line, i.range.start.column]), path).toEqual([[bad.range.start.line, bad.range.start.column]]);
      const shift = (offset: number) => (offset > bad.range.start.offset ? offset + insert.length : offset);
      expect(
        file.statements.map((s) => [s.kind, s.text, s.range.start.offset]),
        path,
      ).toEqual(good.statements.filter((_, i) => i !== k).map((s) => [s.kind, s.text, shift(s.range.start.offset)]));
    }
  });

  it("an unterminated comment keeps every statement before it exactly as it was", () => {
    let checked = 0;
    for (const { path, text, good } of files) {
      const k = Math.floor(good.statements.length / 2);
      const at = good.statements[k]!.range.start.offset;
      if (text.includes("*/", at)) continue;
      const file = parseSqlText(`${text.slice(0, at)}/* ${text.slice(at)}`);
      // (AST locations are relative to the piece parsed then; byteBase + location stays the same.)
      const place = (s: Statement) => [s.kind, s.text, s.range, s.leadingComments, s.trailingComments];
      expect(file.statements.map(place), path).toEqual(good.statements.slice(0, k).map(place));
      expect(file.syntaxIssues.map((i) => i.range.start), path).toEqual([good.statements[k]!.range.start]);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });
});
