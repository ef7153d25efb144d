// Positions of ALTER TABLE sub-commands. libpg-query's AlterTableCmd nodes carry no location, so
// the statement is tokenized (only when a finding needs it) and split at top-level commas after
// the table name.
import { isIdentifierPart } from "./identifier-chars.js";
import { scanRaw, type ScanToken } from "./pg-wasm.js";
import { SourceText, type Range } from "./source-text.js";
import type { Statement } from "./statement.js";

const cache = new WeakMap<Statement, Range[] | null>();

/**
 * The range of each sub-command of an ALTER TABLE statement, in order, or undefined when the
 * statement cannot be split into as many pieces as it has commands (the caller then uses the
 * whole statement's range).
 */
export function alterCommandRanges(file: SourceText, statement: Statement, commandCount: number): Range[] | undefined {
  let ranges = cache.get(statement);
  if (ranges === undefined) {
    // Most ALTER TABLE statements have one command (drizzle-kit and Prisma write one per statement):
    // it runs from after the table name to the statement's end, which needs no tokenizer.
    ranges = (commandCount === 1 ? singleCommandRange(file, statement) : undefined) ?? computeRanges(file, statement);
    cache.set(statement, ranges);
  }
  return ranges && ranges.length === commandCount ? ranges : undefined;
}

/** The one command's range: after `ALTER TABLE [IF EXISTS] [ONLY] name [*]` up to the statement's end. */
function singleCommandRange(file: SourceText, statement: Statement): Range[] | undefined {
  const relation = (statement.node as { AlterTableStmt?: { relation?: { location?: number } } }).AlterTableStmt?.relation;
  if (relation?.location === undefined) return undefined;
  const text = file.text;
  const end = statement.range.end.offset;
  let at = file.offsetOfByte(statement.byteBase + relation.location);
  if (at < statement.range.start.offset || at >= end) return undefined;
  at = skipName(text, at, end);
  at = skipSpace(text, at, end);
  while (text.charCodeAt(at) === 46 /* . */) at = skipSpace(text, skipName(text, skipSpace(text, at + 1, end), end), end);
  if (text.charCodeAt(at) === 42 /* * */) at = skipSpace(text, at + 1, end);
  return at < end ? [file.range(at, end)] : undefined;
}

/** Skips one identifier, quoted (`"a""b"`) or not. */
function skipName(text: string, at: number, end: number): number {
  if (text.charCodeAt(at) === 34 /* " */) {
    let i = at + 1;
    while (i < end) {
      if (text.charCodeAt(i) === 34) {
        if (text.charCodeAt(i + 1) !== 34) return i + 1;
        i += 2;
      } else i++;
    }
    return end;
  }
  let i = at;
  while (i < end && isIdentifierPart(text.charCodeAt(i))) i++;
  return i;
}

/** Skips whitespace and comments (a comment may sit between the name and the command). */
function skipSpace(text: string, at: number, end: number): number {
  let i = at;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) i++;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf("*/", i + 2);
      // Nested block comments are rare here; the tokenizer path handles anything unusual.
      if (close === -1 || text.lastIndexOf("/*", close) !== i) return end;
      i = close + 2;
    } else break;
  }
  return i;
}

/** The tokenizer's split of every ALTER TABLE (exported so that a test can compare the fast path with it). */
export function alterCommandRangesByTokens(file: SourceText, statement: Statement): Range[] | null {
  return computeRanges(file, statement);
}

function computeRanges(file: SourceText, statement: Statement): Range[] | null {
  let tokens: ScanToken[];
  try {
    tokens = scanRaw(statement.text).filter((t) => t.tokenName !== "SQL_COMMENT" && t.tokenName !== "C_COMMENT");
  } catch {
    return null;
  }
  const first = firstCommandToken(tokens);
  if (first === undefined) return null;
  const local = new SourceText(statement.text);
  const base = statement.range.start.offset;
  const ranges: Range[] = [];
  let depth = 0;
  let pieceStart = tokens[first]!;
  let pieceEnd = pieceStart;
  for (let i = first; i < tokens.length; i++) {
    const token = tokens[i]!;
    // Parentheses and brackets (`ARRAY[1,2]`) nest; only a comma outside both separates commands.
    if (token.text === "(" || token.text === "[") depth++;
    else if (token.text === ")" || token.text === "]") depth--;
    if (token.tokenName === "ASCII_44" && depth === 0) {
      ranges.push(toRange(file, local, base, pieceStart, pieceEnd));
      const next = tokens[i + 1];
      if (!next) return null;
      pieceStart = next;
      pieceEnd = next;
    } else {
      pieceEnd = token;
    }
  }
  ranges.push(toRange(file, local, base, pieceStart, pieceEnd));
  return ranges;
}

/** The object words after ALTER of the statements libpg-query gives as AlterTableStmt. */
const OBJECT_WORDS = [["TABLE"], ["FOREIGN", "TABLE"], ["MATERIALIZED", "VIEW"], ["VIEW"], ["INDEX"], ["SEQUENCE"], ["TYPE"]];

/** Index of the first token after `ALTER <object> [IF EXISTS] [ONLY] name [*]`. */
function firstCommandToken(tokens: ScanToken[]): number | undefined {
  const word = (k: number) => tokens[k]?.text.toUpperCase();
  if (word(0) !== "ALTER") return undefined;
  // Exactly one object phrase: a table may be called `index`, `type` or `view`.
  const object = OBJECT_WORDS.find((words) => words.every((w, k) => word(1 + k) === w));
  if (!object) return undefined;
  let i = 1 + object.length;
  if (word(i) === "IF" && word(i + 1) === "EXISTS") i += 2;
  if (word(i) === "ONLY") i++;
  // name, or schema.name
  i++;
  while (tokens[i]?.text === ".") i += 2;
  if (tokens[i]?.text === "*") i++;
  return i < tokens.length ? i : undefined;
}

function toRange(file: SourceText, local: SourceText, base: number, from: ScanToken, to: ScanToken): Range {
  return file.range(base + local.offsetOfByte(from.start), base + local.offsetOfByte(to.end));
}
