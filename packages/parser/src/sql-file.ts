import type { Node, RawStmt } from "@pgsql/types";
import { commentsInGap, skipTrivia, trimEnd, type RawComment } from "./gap-comments.js";
import { parseRaw, scanRaw, SqlSyntaxError, type ScanToken } from "./pg-wasm.js";
import { SourceText } from "./source-text.js";
import { nodeKind, type Comment, type Statement, type SyntaxIssue } from "./statement.js";

/** A parsed SQL text: every statement PostgreSQL accepts, and a located issue for each piece it rejects. */
export interface SqlFile {
  source: SourceText;
  statements: Statement[];
  syntaxIssues: SyntaxIssue[];
}

/** A statement as found in the text, before comments are attached. */
interface Located {
  node: Node;
  start: number;
  end: number;
  byteBase: number;
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
  let located: Located[];
  if (skipTrivia(text, 0, text.length) === text.length) {
    located = [];
  } else {
    try {
      located = locateAll(source, parseRaw(text).stmts ?? [], 0, 0, text.length);
    } catch (error) {
      if (!(error instanceof SqlSyntaxError)) throw error;
      located = parsePieces(source, error, syntaxIssues);
    }
  }
  return { source, statements: attachComments(source, located), syntaxIssues };
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

function parsePieces(source: SourceText, wholeError: SqlSyntaxError, issues: SyntaxIssue[]): Located[] {
  const text = source.text;
  let tokens: ScanToken[];
  try {
    tokens = scanRaw(text);
  } catch {
    // The tokenizer itself fails (an unterminated quote or comment): nothing after the grammar's
    // error position can be trusted, so report that one error.
    const at = source.offsetOfByte(wholeError.byteOffset);
    issues.push({ message: wholeError.message, range: source.range(at, lineEnd(text, at)) });
    return [];
  }
  const located: Located[] = [];
  for (const [startByte, endByte] of topLevelPieces(tokens, source.byteOfOffset(text.length))) {
    const start = source.offsetOfByte(startByte);
    const end = source.offsetOfByte(endByte);
    const first = skipTrivia(text, start, end);
    if (first >= end) continue;
    const firstByte = source.byteOfOffset(first);
    const pieceText = text.slice(first, end);
    try {
      located.push(...locateAll(source, parseRaw(pieceText).stmts ?? [], firstByte, first, end));
    } catch (error) {
      if (!(error instanceof SqlSyntaxError)) throw error;
      const at = source.offsetOfByte(firstByte + error.byteOffset);
      issues.push({ message: error.message, range: source.range(at, Math.max(at + 1, lineEnd(text, at))) });
    }
  }
  return located;
}

/** Byte ranges between top-level semicolons (dollar-quoted bodies are single tokens, so their `;` do not count). */
function topLevelPieces(tokens: ScanToken[], totalBytes: number): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let start = 0;
  let depth = 0;
  for (const token of tokens) {
    if (token.tokenName === "ASCII_40") depth++;
    else if (token.tokenName === "ASCII_41") depth = Math.max(0, depth - 1);
    else if (token.tokenName === "ASCII_59" && depth === 0) {
      pieces.push([start, token.start]);
      start = token.end;
    }
  }
  pieces.push([start, totalBytes]);
  return pieces;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf("\n", at);
  return trimEnd(text, at, nl === -1 ? text.length : nl);
}

function attachComments(source: SourceText, located: Located[]): Statement[] {
  const text = source.text;
  const statements: Statement[] = [];
  let gapStart = 0;
  for (let i = 0; i < located.length; i++) {
    const loc = located[i]!;
    const gap = commentsInGap(text, gapStart, loc.start);
    const previous = statements[i - 1];
    const leading: Comment[] = [];
    for (const raw of gap) {
      const comment = toComment(source, raw);
      // A comment on the line where the previous statement ends belongs to it (`stmt; -- why`,
      // drizzle's `;--> statement-breakpoint`).
      if (previous && comment.range.start.line === previous.range.end.line) previous.trailingComments.push(comment);
      else leading.push(comment);
    }
    const range = source.range(loc.start, loc.end);
    statements.push({
      index: i,
      kind: nodeKind(loc.node),
      node: loc.node,
      text: text.slice(loc.start, loc.end),
      range,
      leadingComments: leading,
      trailingComments: firstLineComments(source, loc.start, loc.end),
      byteBase: loc.byteBase,
    });
    gapStart = loc.end;
  }
  const last = statements[statements.length - 1];
  for (const raw of commentsInGap(text, gapStart, text.length)) {
    const comment = toComment(source, raw);
    if (last && comment.range.start.line === last.range.end.line) last.trailingComments.push(comment);
  }
  return statements;
}

/** Comments inside a statement's first line (`ALTER TABLE t -- compat: ...`), found by the real tokenizer. */
function firstLineComments(source: SourceText, start: number, end: number): Comment[] {
  const text = source.text;
  const newline = text.indexOf("\n", start);
  const lineEndAt = newline === -1 || newline > end ? end : newline;
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
