import type { Node } from "@pgsql/types";
import type { Range } from "./source-text.js";

/** A comment in the SQL text, with its delimiters. */
export interface Comment {
  text: string;
  kind: "line" | "block";
  range: Range;
}

/** One SQL statement of a file: its AST, its exact place, and the comments that belong to it. */
export interface Statement {
  /** 0-based index among the file's parsed statements. */
  index: number;
  /** The AST node's type, e.g. "AlterTableStmt". */
  kind: string;
  /** The AST, as libpg-query gives it: `{ [kind]: {...} }`. */
  node: Node;
  /** The statement's source text, without the terminating semicolon. */
  text: string;
  range: Range;
  /**
   * Comments between the previous statement and this one (not the previous one's trailing
   * comments). Comments around a piece the grammar rejects belong to no statement.
   */
  leadingComments: Comment[];
  /** Comments on this statement's first line inside its text, and after it on its last line. */
  trailingComments: Comment[];
  /** Add to an AST node's `location` (a byte offset) to get the byte offset in the file. */
  byteBase: number;
  /**
   * For an idempotent DO block (drizzle-kit's `DO $$ BEGIN <statement>; EXCEPTION WHEN duplicate_object
   * THEN null; END $$`): the one statement it runs, located inside it. Checked and replayed in its place.
   */
  guarded?: Statement;
}

/** A piece of the file that PostgreSQL's grammar rejects. */
export interface SyntaxIssue {
  message: string;
  range: Range;
}

/** The AST node type of a libpg-query node, e.g. "AlterTableStmt". */
export function nodeKind(node: Node): string {
  for (const key in node) return key;
  return "Unknown";
}
