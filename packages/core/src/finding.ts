import type { Range } from "@rollsafe/parser";

/**
 * What a finding means for a release (DESIGN.md §4). `analysis` is rollsafe talking about its own
 * view of the input: syntax errors, overrides, statements it could not model.
 */
export const CATEGORIES = ["breaking", "locking", "data-loss", "integrity", "hygiene", "analysis"] as const;
export type Category = (typeof CATEGORIES)[number];

/** `note` is informational: never fails a run, hidden in text output unless --verbose. */
export type Severity = "error" | "warn" | "note";

/** One reported problem, located in a file. */
export interface Finding {
  ruleId: string;
  category: Category;
  /** Every category of the finding, the main one first (a dropped column is breaking and data-loss). */
  categories: Category[];
  severity: Severity;
  message: string;
  path: string;
  range: Range;
  /** The expand/contract way to get the same result, as SQL with the statement's own names. */
  saferAlternative?: string;
  docsUrl?: string;
  /** Set when a `-- compat:` directive allowed this finding; it is still reported. */
  overridden?: { reason: string };
}
