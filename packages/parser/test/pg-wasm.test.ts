// The two bindings of libpg-query: the fast path (deep import of the Emscripten glue, synchronous
// WebAssembly.Module) and the package's public API, which loadParser() falls back to. Both must
// give the same answers, on real migrations from the shared corpus and on broken SQL.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { isParserLoaded, loadParser, loadParserEngine, parseRaw, parserPath, scanRaw, SqlSyntaxError, type ParserEngine } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "../../../test/support/corpus.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
/** The shared corpus, read in place (never copied into the repository). */
const corpus = CORPUS_DIR;

const isAscii = (text: string) => Buffer.byteLength(text, "utf8") === text.length;

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sqlFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".sql")) out.push(path);
  }
  return out.sort();
}

describe("before loadParser()", () => {
  // Runs first: this file's module graph is its own, so nothing has loaded the parser yet.
  it("refuses to parse, and says how to fix it", () => {
    expect(isParserLoaded()).toBe(false);
    expect(parserPath()).toBeUndefined();
    expect(() => parseRaw("SELECT 1")).toThrow("await loadParser() first");
    expect(() => scanRaw("SELECT 1")).toThrow("await loadParser() first");
  });
});

describe("the two bindings", () => {
  let fast: ParserEngine;
  let pub: ParserEngine;

  beforeAll(async () => {
    await loadParser();
    fast = await loadParserEngine("fast");
    pub = await loadParserEngine("public");
  });

  it("loadParser() settles on the fast path", () => {
    expect(isParserLoaded()).toBe(true);
    expect(parserPath()).toBe("fast");
    expect(fast.path).toBe("fast");
    expect(pub.path).toBe("public");
  });

  describe.skipIf(!RUN_CORPUS_TESTS)("on a sample of real migrations", () => {
    const all = existsSync(corpus) ? sqlFiles(corpus) : [];
    const texts = new Map(all.map((path) => [path, readFileSync(path, "utf8")]));
    // Every 8th file, plus every file with non-ASCII text or a dollar-quoted body.
    const sample = all.filter((path, i) => i % 8 === 0 || !isAscii(texts.get(path)!) || texts.get(path)!.includes("$$"));

    it("finds the corpus and a sample with non-ASCII text and dollar quotes", () => {
      expect(all.length, `no .sql files under ${corpus}`).toBeGreaterThan(1000);
      expect(sample.length).toBeGreaterThan(200);
      expect(sample.filter((path) => !isAscii(texts.get(path)!)).length).toBeGreaterThanOrEqual(10);
      expect(sample.filter((path) => texts.get(path)!.includes("$$")).length).toBeGreaterThanOrEqual(10);
    });

    it("gives identical parse trees and tokens on each file", () => {
      let statements = 0;
      for (const path of sample) {
        const text = texts.get(path)!;
        const name = relative(repoRoot, path);
        const tree = fast.parse(text);
        expect(pub.parse(text), name).toEqual(tree);
        expect(parseRaw(text), name).toEqual(tree);
        const tokens = fast.scan(text);
        expect(tokens.length, name).toBeGreaterThan(0);
        expect(pub.scan(text), name).toEqual(tokens);
        statements += tree.stmts?.length ?? 0;
      }
      expect(statements).toBeGreaterThan(sample.length);
    });

    it("gives identical errors, at the same byte offset, when a statement is broken after non-ASCII text", () => {
      const withNonAscii = sample.filter((path) => !isAscii(texts.get(path)!));
      let compared = 0;
      for (const path of withNonAscii) {
        const text = texts.get(path)!;
        // Break the last statement: its first keyword becomes a typo after every non-ASCII character before it.
        const stmts = fast.parse(text).stmts ?? [];
        const last = stmts[stmts.length - 1];
        if (!last?.stmt_location) continue;
        const before = Buffer.from(text, "utf8").subarray(0, last.stmt_location).toString("utf8");
        const broken = `${before}XYZZY ${text.slice(before.length)}`;
        const fastError = errorOf(() => fast.parse(broken));
        const publicError = errorOf(() => pub.parse(broken));
        expect(publicError, path).toEqual(fastError);
        expect(fastError, path).toEqual({ message: 'syntax error at or near "XYZZY"', byteOffset: Buffer.byteLength(before, "utf8") });
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(5);
    });
  });

  describe("on edge cases", () => {
    it.each([
      ["empty text", ""],
      ["whitespace", " \n\t"],
      ["a comment", "-- only a comment"],
      ["a nested block comment", "/* a /* b */ c */"],
      ["a dollar-quoted body", "DO $$ BEGIN PERFORM 1; END $$"],
      ["non-ASCII text", "SELECT 'é😀' AS \"naïve\"; SELECT 2"],
      ["a BOM-less CRLF text", "SELECT 1;\r\nSELECT 2;\r\n"],
    ])("agree on %s", (_name, text) => {
      expect(pub.parse(text)).toEqual(fast.parse(text));
      expect(pub.scan(text)).toEqual(fast.scan(text));
    });

    it("give no statements and no tokens for empty text", () => {
      for (const engine of [fast, pub]) {
        expect(engine.parse("").stmts ?? []).toEqual([]);
        expect(engine.scan("")).toEqual([]);
      }
    });

    it.each([
      ["a typo", "SELEC 1", 'syntax error at or near "SELEC"', 0],
      ["an error at the end of input", "SELECT 1 +", "syntax error at end of input", 10],
      ["an error after accented letters", "SELECT 'é', 'ü' FROM WHERE", 'syntax error at or near "WHERE"', 23],
      ["an error after emoji (one character, two UTF-16 units, four bytes)", "SELECT '😀😀' ORDER 1", 'syntax error at or near "1"', 24],
      ["an unterminated quote after non-ASCII text", "SELECT 'é', 'abc", `unterminated quoted string at or near "'abc"`, 13],
      ["an unterminated block comment", "SELECT 1; /* open", `unterminated /* comment at or near "/* open"`, 10],
    ])("report %s identically, as SqlSyntaxError at a UTF-8 byte offset", (_name, text, message, byteOffset) => {
      const expected = { message, byteOffset };
      expect(errorOf(() => fast.parse(text))).toEqual(expected);
      expect(errorOf(() => pub.parse(text))).toEqual(expected);
      expect(errorOf(() => parseRaw(text))).toEqual(expected);
    });

    it.each([
      ["an unterminated quote", "SELECT 'abc", `cannot tokenize: unterminated quoted string at or near "'abc"`],
      ["an unterminated dollar quote", "SELECT $$abc", `cannot tokenize: unterminated dollar-quoted string at or near "$$abc"`],
      ["an unterminated quoted identifier", 'SELECT "abc', `cannot tokenize: unterminated quoted identifier at or near ""abc"`],
    ])("refuse to tokenize %s identically", (_name, text, message) => {
      expect(errorOf(() => fast.scan(text))).toEqual({ message, byteOffset: 0 });
      expect(errorOf(() => pub.scan(text))).toEqual({ message, byteOffset: 0 });
    });

    it("tokenize with byte offsets", () => {
      const tokens = fast.scan("SELECT 'é' -- ü\n;");
      expect(tokens.map((t) => [t.start, t.end, t.text, t.tokenName])).toEqual([
        [0, 6, "SELECT", "UNKNOWN"],
        [7, 11, "'é'", "SCONST"],
        [12, 17, "-- ü", "SQL_COMMENT"],
        [18, 19, ";", "ASCII_59"],
      ]);
      expect(pub.scan("SELECT 'é' -- ü\n;")).toEqual(tokens);
    });
  });
});

function errorOf(run: () => unknown): { message: string; byteOffset: number } | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SqlSyntaxError);
    return { message: (error as SqlSyntaxError).message, byteOffset: (error as SqlSyntaxError).byteOffset };
  }
  return undefined;
}
