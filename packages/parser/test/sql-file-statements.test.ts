import { loadParser, parseSqlText, type Statement } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => loadParser());

/** A statement's place as `line:column-line:column`. */
function where(statement: Statement): string {
  const { start, end } = statement.range;
  return `${start.line}:${start.column}-${end.line}:${end.column}`;
}

function summary(text: string): Array<[string, string, string]> {
  return parseSqlText(text).statements.map((s) => [s.kind, where(s), s.text]);
}

describe("texts without statements", () => {
  it.each([
    ["empty text", ""],
    ["whitespace only", "  \n\t\r\n\f \n"],
    ["a line comment only", "-- nothing to see\n"],
    ["line and block comments only", "-- one\n/* two */\n-- three"],
    ["a nested block comment only", "/* outer /* inner */ still outer */"],
    ["semicolons only", ";\n;;\n"],
    ["a drizzle breakpoint only", "--> statement-breakpoint\n"],
    ["a BOM only", "\uFEFF"],
  ])("%s gives no statements and no syntax issues", (_name, text) => {
    const file = parseSqlText(text);
    expect(file.statements).toEqual([]);
    expect(file.syntaxIssues).toEqual([]);
  });
});

describe("statement ranges", () => {
  it("gives each statement its exact range, without the semicolon", () => {
    const text = "CREATE TABLE a (id int);\n\n  ALTER TABLE a\n    ADD COLUMN b text;\nDROP TABLE a;\n";
    const file = parseSqlText(text);
    expect(file.syntaxIssues).toEqual([]);
    expect(file.statements.map((s) => [s.index, s.kind, s.text])).toEqual([
      [0, "CreateStmt", "CREATE TABLE a (id int)"],
      [1, "AlterTableStmt", "ALTER TABLE a\n    ADD COLUMN b text"],
      [2, "DropStmt", "DROP TABLE a"],
    ]);
    const [create, alter, drop] = file.statements;
    expect(create!.range).toEqual({ start: { line: 1, column: 1, offset: 0, byte: 0 }, end: { line: 1, column: 24, offset: 23, byte: 23 } });
    expect(alter!.range).toEqual({ start: { line: 3, column: 3, offset: 28, byte: 28 }, end: { line: 4, column: 22, offset: 63, byte: 63 } });
    expect(drop!.range).toEqual({ start: { line: 5, column: 1, offset: 65, byte: 65 }, end: { line: 5, column: 13, offset: 77, byte: 77 } });
    for (const s of file.statements) expect(text.slice(s.range.start.offset, s.range.end.offset)).toBe(s.text);
  });

  it("reads a single statement without a semicolon", () => {
    expect(summary("SELECT 1")).toEqual([["SelectStmt", "1:1-1:9", "SELECT 1"]]);
    expect(summary("\n\n   SELECT 1   \n\n")).toEqual([["SelectStmt", "3:4-3:12", "SELECT 1"]]);
  });

  it("skips empty statements between semicolons and keeps the index sequential", () => {
    const file = parseSqlText("SELECT 1;;;\n; SELECT 2;");
    expect(file.statements.map((s) => [s.index, where(s), s.text])).toEqual([
      [0, "1:1-1:9", "SELECT 1"],
      [1, "2:3-2:11", "SELECT 2"],
    ]);
  });

  it("keeps a dollar-quoted function body with semicolons in one statement", () => {
    const text = [
      "CREATE FUNCTION touch() RETURNS trigger AS $$",
      "BEGIN",
      "  NEW.updated_at := now(); -- a ; in a comment inside the body",
      "  RETURN NEW;",
      "END;",
      "$$ LANGUAGE plpgsql;",
      "CREATE FUNCTION tagged() RETURNS text AS $body$ SELECT 'a;$$;b'; $body$ LANGUAGE sql;",
      "DO $$ BEGIN PERFORM 1; PERFORM 2; END $$;",
      "SELECT 3;",
    ].join("\n");
    expect(summary(text)).toEqual([
      ["CreateFunctionStmt", "1:1-6:20", text.slice(0, text.indexOf("$$ LANGUAGE plpgsql") + "$$ LANGUAGE plpgsql".length)],
      ["CreateFunctionStmt", "7:1-7:85", "CREATE FUNCTION tagged() RETURNS text AS $body$ SELECT 'a;$$;b'; $body$ LANGUAGE sql"],
      ["DoStmt", "8:1-8:41", "DO $$ BEGIN PERFORM 1; PERFORM 2; END $$"],
      ["SelectStmt", "9:1-9:9", "SELECT 3"],
    ]);
  });

  it("skips nested block comments before and between statements", () => {
    const text = "/* a /* nested; */ still; comment */ SELECT 1;\n/* x /* y /* z */ */ */SELECT 2;";
    expect(summary(text)).toEqual([
      ["SelectStmt", "1:38-1:46", "SELECT 1"],
      ["SelectStmt", "2:24-2:32", "SELECT 2"],
    ]);
  });

  it("reads drizzle-kit files: `--> statement-breakpoint` after the `;`, also at the end of the file", () => {
    const text = [
      'CREATE TABLE "users" ("id" serial PRIMARY KEY);--> statement-breakpoint',
      'ALTER TABLE "users" ADD COLUMN "name" text;--> statement-breakpoint',
      "--> statement-breakpoint",
      'CREATE INDEX "users_name_idx" ON "users" ("name");--> statement-breakpoint',
    ].join("\n");
    const file = parseSqlText(text);
    expect(file.syntaxIssues).toEqual([]);
    expect(file.statements.map((s) => [s.kind, where(s)])).toEqual([
      ["CreateStmt", "1:1-1:47"],
      ["AlterTableStmt", "2:1-2:43"],
      ["IndexStmt", "4:1-4:50"],
    ]);
    expect(parseSqlText(`${text}\n`).statements.map(where)).toEqual(["1:1-1:47", "2:1-2:43", "4:1-4:50"]);
  });

  it("ends a last statement without a semicolon at its last token, before the comments after it", () => {
    const text = "SELECT 1;\nSELECT 2 -- why\n  /* later */\n-- the end\n";
    expect(summary(text)).toEqual([
      ["SelectStmt", "1:1-1:9", "SELECT 1"],
      ["SelectStmt", "2:1-2:9", "SELECT 2"],
    ]);
    expect(summary("SELECT '--' || '/*' /* c */")).toEqual([["SelectStmt", "1:1-1:20", "SELECT '--' || '/*'"]]);
  });
});

describe("byte-order mark and line breaks", () => {
  it("gives positions in the text without its BOM", () => {
    const file = parseSqlText("\uFEFFSELECT 1;\nSELECT 2;");
    expect(file.source.hadBom).toBe(true);
    expect(file.statements.map((s) => s.range)).toEqual([
      { start: { line: 1, column: 1, offset: 0, byte: 0 }, end: { line: 1, column: 9, offset: 8, byte: 8 } },
      { start: { line: 2, column: 1, offset: 10, byte: 10 }, end: { line: 2, column: 9, offset: 18, byte: 18 } },
    ]);
  });

  it("counts CRLF line ends as one break and keeps them inside statement texts", () => {
    const text = "\uFEFFCREATE TABLE t (\r\n  id int\r\n);\r\n\r\nALTER TABLE t\r\n  ADD COLUMN c int;\r\n";
    const file = parseSqlText(text);
    expect(file.statements.map((s) => [where(s), s.text])).toEqual([
      ["1:1-3:2", "CREATE TABLE t (\r\n  id int\r\n)"],
      ["5:1-6:19", "ALTER TABLE t\r\n  ADD COLUMN c int"],
    ]);
    expect(file.source.lineText(6)).toBe("  ADD COLUMN c int;");
  });

  it("counts a lone CR as a line break, also after a line comment", () => {
    expect(summary("SELECT 1;\rSELECT\r2;")).toEqual([
      ["SelectStmt", "1:1-1:9", "SELECT 1"],
      ["SelectStmt", "2:1-3:2", "SELECT\r2"],
    ]);
    // A `--` comment ends at a lone \r: the statement on the next line is not part of it.
    expect(summary("-- header\rSELECT 1;")).toEqual([["SelectStmt", "2:1-2:9", "SELECT 1"]]);
  });

  it("treats form feed and vertical tab as whitespace around statements", () => {
    expect(summary("\f\vSELECT 1\v;\f\vSELECT 2\v\f")).toEqual([
      ["SelectStmt", "1:3-1:11", "SELECT 1"],
      ["SelectStmt", "1:15-1:23", "SELECT 2"],
    ]);
  });
});

describe("non-ASCII text", () => {
  it("gives exact columns (UTF-16) and bytes (UTF-8) after accented letters and emoji", () => {
    const text = 'CREATE TABLE "café" ("naïve" text DEFAULT \'😀\');\nINSERT INTO "café" VALUES (\'é😀é\'); SELECT \'ok\';';
    const file = parseSqlText(text);
    expect(file.statements.map((s) => [s.kind, s.range])).toEqual([
      // 47 UTF-16 units; é, ï one extra byte each, 😀 two units but four bytes.
      ["CreateStmt", { start: { line: 1, column: 1, offset: 0, byte: 0 }, end: { line: 1, column: 48, offset: 47, byte: 51 } }],
      ["InsertStmt", { start: { line: 2, column: 1, offset: 49, byte: 53 }, end: { line: 2, column: 35, offset: 83, byte: 92 } }],
      ["SelectStmt", { start: { line: 2, column: 37, offset: 85, byte: 94 }, end: { line: 2, column: 48, offset: 96, byte: 105 } }],
    ]);
    for (const s of file.statements) {
      expect(text.slice(s.range.start.offset, s.range.end.offset)).toBe(s.text);
      expect(Buffer.byteLength(text.slice(0, s.range.start.offset))).toBe(s.range.start.byte);
    }
  });

  it("maps AST locations (bytes) plus byteBase to the right place in the file", () => {
    const text = "SELECT 'é😀' AS \"naïve\", ünïcode_col FROM tàble;";
    const file = parseSqlText(text);
    const statement = file.statements[0]!;
    const select = (statement.node as { SelectStmt: { targetList: Array<{ ResTarget: { location: number; val: { ColumnRef?: { location: number } } } }> } }).SelectStmt;
    const columnRef = select.targetList[1]!.ResTarget.val.ColumnRef!;
    const at = file.source.positionOfByte(statement.byteBase + columnRef.location);
    expect(at).toMatchObject({ line: 1, column: text.indexOf("ünïcode_col") + 1, offset: text.indexOf("ünïcode_col") });
  });
});
