import type { Node, RawStmt } from "@pgsql/types";
import { commentsInGap, skipTrivia, trimEnd, type RawComment } from "./gap-comments.js";
import { guardedStatement } from "./guarded-statement.js";
import { parseRaw, scanRaw, SqlSyntaxError, type ScanToken } from "./pg-wasm.js";
import { SourceText } from "./source-text.js";
import { nodeKind, type Comment, type Statement, type SyntaxIssue } from "./statement.js";

/** A parsed SQL text: every statement PostgreSQL accepts, and a located issue for each piece it rejects. */
export interface SqlFile {
  source: SourceText;
  statements: Statement[];
  syntaxIssues: SyntaxIssue[];
  /** Comments after the last statement, on later lines: they belong to no statement. */
  endComments: Comment[];
}

/** A statement as found in the text, before comments are attached. */
interface Located {
  node: Node;
  start: number;
  end: number;
  byteBase: number;
}

/** A piece of the text the grammar rejects: no statement, and its comments belong to no statement. */
interface Rejected {
  node?: undefined;
  start: number;
  end: number;
}

/**
 * Parses SQL text into located statements. The whole text is parsed once (the fast path); only
 * when PostgreSQL rejects it is it split at the tokenizer's top-level semicolons and each piece
 * parsed alone, so one bad statement costs a finding, not the file.
 */
export function parseSqlText(raw: string): SqlFile {
  const source = new SourceText(raw);
  const text = source.text;
  const syntaxIssues: SyntaxIssue[] = [];
  const rejected: Rejected[] = [];
  let located: Located[];
  // Only blank text is skipped unparsed: a comment-only text still goes through the grammar, which
  // is what reports an unterminated /* comment.
  if (trimEnd(text, 0, text.length) === 0) {
    located = [];
  } else {
    try {
      located = locateAll(source, parseRaw(text).stmts ?? [], 0, 0, text.length);
    } catch (error) {
      if (!(error instanceof SqlSyntaxError)) throw error;
      located = parsePieces(source, error, syntaxIssues, rejected);
    }
  }
  const { statements, endComments } = attachComments(source, located, rejected);
  return { source, statements, syntaxIssues, endComments };
}

function locateAll(source: SourceText, stmts: RawStmt[], byteBase: number, pieceStart: number, pieceEnd: number): Located[] {
  const out: Located[] = [];
  for (let i = 0; i < stmts.length; i++) {
    const raw = stmts[i]!;
    if (!raw.stmt) continue;
    const startByte = byteBase + (raw.stmt_location ?? 0);
    // stmt_location already skips leading trivia in PostgreSQL 18's grammar; skip again in case
    // an older build does not.
    const start = skipTrivia(source.text, Math.max(source.offsetOfByte(startByte), pieceStart), pieceEnd);
    const isLast = raw.stmt_len === undefined || raw.stmt_len === 0;
    let end = isLast ? pieceEnd : source.offsetOfByte(startByte + raw.stmt_len!);
    end = isLast ? endOfLastToken(source.text, start, end) : trimEnd(source.text, start, end);
    out.push({ node: raw.stmt, start, end, byteBase });
  }
  return out;
}

/** The last statement runs to the end of the text: stop after its last real token, before trailing comments. */
function endOfLastToken(text: string, start: number, end: number): number {
  const piece = text.slice(start, end);
  const trimmed = trimEnd(text, start, end);
  if (!piece.includes("--") && !piece.includes("/*")) return trimmed;
  try {
    const tokens = scanRaw(piece).filter((t) => t.tokenName !== "SQL_COMMENT" && t.tokenName !== "C_COMMENT");
    const last = tokens[tokens.length - 1];
    if (!last) return trimmed;
    // Token offsets are bytes of `piece`; map through the file's table.
    const source = new SourceText(piece);
    return start + source.offsetOfByte(last.end);
  } catch {
    return trimmed;
  }
}

function parsePieces(source: SourceText, wholeError: SqlSyntaxError, issues: SyntaxIssue[], rejected: Rejected[]): Located[] {
  const text = source.text;
  // Bytes [0, scanned) are covered by `tokens`.
  let scanned = source.byteOfOffset(text.length);
  let tokens: ScanToken[];
  let lexError: SqlSyntaxError | undefined;
  try {
    tokens = scanRaw(text);
  } catch {
    // The tokenizer fails: an unterminated quote or comment, which runs to the end of the text.
    // The grammar read every token before its error position, so the text up to there does
    // tokenize: its statements are kept, and the error ends the file (nothing after it can be
    // trusted).
    lexError = wholeError;
    scanned = Math.min(wholeError.byteOffset, scanned);
    try {
      tokens = scanned > 0 ? scanRaw(text.slice(0, source.offsetOfByte(scanned))) : [];
    } catch {
      scanned = 0;
      tokens = [];
    }
  }
  const located: Located[] = [];
  let i = 0;
  let startByte = 0;
  while (i <= tokens.length) {
    // One piece: from startByte to the next `;` outside parentheses (dollar-quoted bodies are
    // single tokens, so their `;` do not count).
    let depth = 0;
    const nested: number[] = [];
    let j = i;
    for (; j < tokens.length; j++) {
      const name = tokens[j]!.tokenName;
      if (name === "ASCII_40") depth++;
      else if (name === "ASCII_41") depth = Math.max(0, depth - 1);
      else if (name === "ASCII_59") {
        if (depth === 0) break;
        nested.push(j);
      }
    }
    const endByte = j < tokens.length ? tokens[j]!.start : scanned;
    const start = source.offsetOfByte(startByte);
    const end = source.offsetOfByte(endByte);
    const first = skipTrivia(text, start, end);
    if (lexError && j === tokens.length) {
      // The statement holding the grammar's first error: when it is the tokenizer's error, it runs
      // to the end of the text; when it is a grammar error, a tokenizer error follows somewhere
      // after it, so the text after it cannot be split either.
      const at = source.offsetOfByte(lexError.byteOffset);
      issues.push({ message: conciseMessage(lexError.message), range: source.range(at, Math.max(at + 1, lineEnd(text, at))) });
      rejected.push({ start: Math.min(first, at), end: text.length });
      break;
    }
    let next = j + 1;
    if (first < end) {
      const firstByte = source.byteOfOffset(first);
      try {
        located.push(...locateAll(source, parseRaw(text.slice(first, end)).stmts ?? [], firstByte, first, end));
      } catch (error) {
        if (!(error instanceof SqlSyntaxError)) throw error;
        const errorByte = firstByte + error.byteOffset;
        // The grammar rejecting a `;` inside parentheses means one was left open: the statement
        // ends at that `;`, and the text after it is read as further statements.
        const split = nested.find((k) => tokens[k]!.start === errorByte);
        const pieceEnd = split === undefined ? end : source.offsetOfByte(tokens[split]!.start);
        if (split !== undefined) next = split + 1;
        const at = source.offsetOfByte(errorByte);
        issues.push({ message: conciseMessage(error.message), range: source.range(at, Math.max(at + 1, Math.min(lineEnd(text, at), pieceEnd))) });
        rejected.push({ start: first, end: pieceEnd });
      }
    }
    if (next > tokens.length) break;
    startByte = tokens[next - 1]!.end;
    i = next;
  }
  return located;
}

/**
 * PostgreSQL quotes the rest of the text after "at or near" for an unterminated quote or comment,
 * which can be the whole rest of the file: keep its first line, at most 40 characters.
 */
function conciseMessage(message: string): string {
  const match = /^([\s\S]*? at or near ")([\s\S]*)"$/.exec(message);
  if (!match) return message;
  const near = match[2]!;
  const firstLine = near.split(/\r\n|\r|\n/, 1)[0]!;
  const chars = [...firstLine];
  const cut = chars.length > 40 ? chars.slice(0, 40).join("") : firstLine;
  return cut === near ? message : `${match[1]}${cut.trimEnd()}…"`;
}

/** The end of the line holding `at`, before trailing whitespace. */
function lineEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return trimEnd(text, at, end);
}

function attachComments(source: SourceText, located: Located[], rejected: Rejected[]): { statements: Statement[]; endComments: Comment[] } {
  const text = source.text;
  const statements: Statement[] = [];
  // Statements and rejected pieces in text order; a comment between two of them is a leading
  // comment of the next one, unless it is on the line where the previous one ends (`stmt; -- why`,
  // drizzle's `;--> statement-breakpoint`). Comments that lead or trail a rejected piece are
  // dropped: they describe a statement that is not there (a `-- compat:` line must not move to the
  // statement after it).
  const items: Array<Located | Rejected> = [...located, ...rejected].sort((a, b) => a.start - b.start);
  let gapStart = 0;
  let previous: { statement?: Statement; endLine: number } | undefined;
  for (const item of [...items, undefined]) {
    const gapEnd = item ? item.start : text.length;
    const leading: Comment[] = [];
    for (const raw of commentsInGap(text, gapStart, gapEnd)) {
      const comment = toComment(source, raw);
      if (previous && comment.range.start.line === previous.endLine) previous.statement?.trailingComments.push(comment);
      else leading.push(comment);
    }
    if (!item) return { statements, endComments: leading };
    const range = source.range(item.start, item.end);
    if (item.node) {
      const statement: Statement = {
        index: statements.length,
        kind: nodeKind(item.node),
        node: item.node,
        text: text.slice(item.start, item.end),
        range,
        leadingComments: leading,
        trailingComments: firstLineComments(source, item.start, item.end),
        byteBase: item.byteBase,
      };
      if (statement.kind === "DoStmt") {
        const guarded = guardedStatement(statement, source);
        if (guarded) statement.guarded = guarded;
      }
      statements.push(statement);
      previous = { statement, endLine: range.end.line };
    } else {
      previous = { endLine: range.end.line };
    }
    gapStart = Math.max(gapStart, item.end);
  }
  return { statements, endComments: [] };
}

/** Comments inside a statement's first line (`ALTER TABLE t -- compat: ...`), found by the real tokenizer. */
function firstLineComments(source: SourceText, start: number, end: number): Comment[] {
  const text = source.text;
  let lineEndAt = start;
  while (lineEndAt < end && text.charCodeAt(lineEndAt) !== 10 && text.charCodeAt(lineEndAt) !== 13) lineEndAt++;
  const firstLine = text.slice(start, lineEndAt);
  if (!firstLine.includes("--") && !firstLine.includes("/*")) return [];
  let tokens: ScanToken[];
  try {
    tokens = scanRaw(firstLine);
  } catch {
    return [];
  }
  const local = new SourceText(firstLine);
  return tokens
    .filter((t) => t.tokenName === "SQL_COMMENT" || t.tokenName === "C_COMMENT")
    .map((t) =>
      toComment(source, {
        start: start + local.offsetOfByte(t.start),
        end: start + local.offsetOfByte(t.end),
        kind: t.tokenName === "SQL_COMMENT" ? "line" : "block",
      }),
    );
}

function toComment(source: SourceText, raw: RawComment): Comment {
  return { text: source.text.slice(raw.start, raw.end), kind: raw.kind, range: source.range(raw.start, raw.end) };
}
