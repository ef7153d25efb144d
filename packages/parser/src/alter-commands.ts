// Positions of ALTER TABLE sub-commands. libpg-query's AlterTableCmd nodes carry no location, so
// the statement is tokenized (only when a finding needs it) and split at top-level commas after
// the table name.
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
    ranges = computeRanges(file, statement);
    cache.set(statement, ranges);
  }
  return ranges && ranges.length === commandCount ? ranges : undefined;
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
    if (token.tokenName === "ASCII_40") depth++;
    else if (token.tokenName === "ASCII_41") depth--;
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
