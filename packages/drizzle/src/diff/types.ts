// What diffDrizzleSchemas returns: plain data, one entry per change the next `drizzle-kit generate`
// makes, with what is dangerous about it (in the rule catalogue's terms) and the expand/contract way.
import type { Category } from "@rollsafe/core";
import type { SourceLocation } from "../schema/types.js";

export const CHANGE_KINDS = [
  "create-table",
  "drop-table",
  "add-column",
  "drop-column",
  "alter-type",
  "set-not-null",
  "drop-not-null",
  "set-default",
  "drop-default",
  "add-unique",
  "drop-unique",
  "add-index",
  "drop-index",
  "add-foreign-key",
  "drop-foreign-key",
  "create-enum",
  "drop-enum",
  "add-enum-value",
  "drop-enum-value",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Danger {
  /** The rule of the catalogue that reports the same thing once the SQL exists (docs/rules/<rule>.md). */
  rule: string;
  category: Category;
  /** Why, in this change's own names. */
  reason: string;
}

export interface DrizzleChange {
  kind: ChangeKind;
  /** `schema.table`, for table and column changes. */
  table?: string;
  column?: string;
  /** `schema.name`, for enum changes. */
  enum?: string;
  /** One line: what drizzle-kit will generate. */
  summary: string;
  /** Empty when the change is safe for the previous release and takes no long lock. */
  dangers: Danger[];
  /** The expand/contract sequence that reaches the same schema safely (for dangerous changes). */
  advice?: string;
  /** Where the object is declared before (snapshot or old schema file) and after (schema file). */
  before?: SourceLocation;
  after?: SourceLocation;
}

export interface DrizzleSchemaDiff {
  changes: DrizzleChange[];
  /** Tables that lose some columns and gain others: drizzle-kit generate will ask whether each is a rename. */
  renamePrompts: { table: string; dropped: string[]; added: string[] }[];
}
