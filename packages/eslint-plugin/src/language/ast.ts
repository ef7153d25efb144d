// The tree ESLint walks for an SQL file: the file, its statements and its comments, each located
// (1-based lines and columns, UTF-16 offsets), built from the parser's statements. The rules do
// not walk it (the engine checks the statements); it is there for ESLint's traversal, selectors
// and inline configuration comments.
import type { Comment, Range, SqlFile, Statement } from "@rollsafe/parser";

export interface SqlPosition {
  line: number;
  column: number;
}

export interface SqlLocation {
  start: SqlPosition;
  end: SqlPosition;
}

interface SqlNodeBase {
  loc: SqlLocation;
  /** UTF-16 offsets into the file's text: [start, end). */
  range: [number, number];
}

/** One statement PostgreSQL's grammar accepted. */
export interface SqlStatementNode extends SqlNodeBase {
  type: "Statement";
  /** The statement's kind in PostgreSQL's grammar, e.g. `AlterTableStmt` (selector: `Statement[kind="AlterTableStmt"]`). */
  kind: string;
}

/** A `-- line` or `/* block *\/` comment. */
export interface SqlCommentNode extends SqlNodeBase {
  type: "Comment";
  kind: "line" | "block";
  /** The comment's text without its delimiters. */
  value: string;
}

/** The root: the whole file. */
export interface SqlFileNode extends SqlNodeBase {
  type: "SqlFile";
  body: SqlStatementNode[];
}

export type SqlNode = SqlFileNode | SqlStatementNode;

export const VISITOR_KEYS: Record<string, string[]> = {
  SqlFile: ["body"],
  Statement: [],
};

export function locationOf(range: Range): { loc: SqlLocation; range: [number, number] } {
  return {
    loc: { start: { line: range.start.line, column: range.start.column }, end: { line: range.end.line, column: range.end.column } },
    range: [range.start.offset, range.end.offset],
  };
}

export function fileNode(file: SqlFile): SqlFileNode {
  const source = file.source;
  return { type: "SqlFile", body: file.statements.map(statementNode), ...locationOf(source.range(0, source.length)) };
}

function statementNode(statement: Statement): SqlStatementNode {
  return { type: "Statement", kind: statement.kind, ...locationOf(statement.range) };
}

export function commentNode(comment: Comment): SqlCommentNode {
  const value = comment.kind === "line" ? comment.text.slice(2) : comment.text.slice(2, -2);
  return { type: "Comment", kind: comment.kind, value, ...locationOf(comment.range) };
}
