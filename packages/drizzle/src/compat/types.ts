// What `rollsafe compat` finds: plain data, for the CLI's formats and for the rollback assessment.
import type { SourceLocation } from "../schema/types.js";

export const BREAK_KINDS = ["table-dropped", "table-renamed", "column-dropped", "column-renamed", "type-changed", "now-not-null", "required-column", "new-unique", "new-check"] as const;
export type BreakKind = (typeof BREAK_KINDS)[number];

/** One expectation of the previous release's code that a new migration's statement breaks. */
export interface CompatBreak {
  kind: BreakKind;
  /** `schema.table`. */
  table: string;
  column?: string;
  /** One sentence: what no longer holds, and what the old code does that fails. */
  message: string;
  /** Where the old code declares what it expects (its schema file, or its snapshot, at the base ref). */
  declaredAt?: SourceLocation;
  /** The statement that breaks it. */
  statement: { migration: string; location: SourceLocation; sql: string };
}

/** A place in the current code that still uses a table or column a new migration drops. */
export interface StaleReference {
  location: SourceLocation;
  /** How it uses it: `users.legacyName`, `insert(users).values({ legacyName })`, `query.users ... columns: { legacyName }`. */
  form: "property-access" | "insert-values" | "update-set" | "query-columns" | "table";
  /** `schema.table` and (for a column) the column's SQL name. */
  table: string;
  column?: string;
  /** The source line, trimmed. */
  text: string;
}
