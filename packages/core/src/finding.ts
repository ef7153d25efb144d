import type { Range } from "@rollsafe/parser";

/**
 * What a finding means for a release (DESIGN.md §4). `analysis` is rollsafe talking about its own
 * view of the input: syntax errors, overrides, statements it could not model.
 */
export const CATEGORIES = ["breaking", "locking", "data-loss", "integrity", "hygiene", "analysis"] as const;
export type Category = (typeof CATEGORIES)[number];

/** `note` is informational: never fails a run, hidden in text output unless --verbose. */
export type Severity = "error" | "warn" | "note";

/** A text edit: replace `[start, end)` (UTF-16 offsets into the migration's text) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * A rewrite that keeps the statement's meaning (CONCURRENTLY outside a transaction, a NOT VALID +
 * VALIDATE split, a lock_timeout prelude); applied by `rollsafe lint --fix`.
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** The `-- compat:` directive that allowed a finding. */
export interface Override {
  reason: string;
  /** Where the directive's comment is (several findings can share one directive). */
  directive?: Range;
  /**
   * The review that signed the directive off, when `overrides.signoff` is configured and a reviewer
   * approved it (docs/overrides.md#sign-off); `null` when it was checked and nobody signed it (or it
   * needed no sign-off because the pull request did not change it).
   */
  approvedBy?: Approval | null;
}

/** An approving review that signs a directive off. */
export interface Approval {
  /** The reviewer's login. */
  login: string;
  /** When the review was submitted (ISO 8601, as GitHub gives it), or undefined when the source has no date. */
  submittedAt: string | undefined;
  /** The approver entry that allowed this reviewer: `alice`, `@org/team`, or the CODEOWNERS owner. */
  via: string;
}

/** One reported problem, located in a file. */
export interface Finding {
  ruleId: string;
  category: Category;
  /** Every category of the finding, the main one first (a dropped column is breaking and data-loss). */
  categories: Category[];
  severity: Severity;
  message: string;
  /** The rule's message template the message was made from, and the values filled into it. */
  messageId?: string;
  data?: Record<string, string>;
  path: string;
  range: Range;
  /** The expand/contract way to get the same result, as SQL with the statement's own names. */
  saferAlternative?: string;
  /** A meaning-preserving rewrite `--fix` can apply. */
  fix?: Fix;
  docsUrl?: string;
  /** Set when a `-- compat:` directive allowed this finding; it is still reported. */
  overridden?: Override;
  /** Set when a baseline file (`--baseline`) lists this finding: reported, but it does not fail the run. */
  baselined?: boolean;
  /**
   * UTF-16 offsets, in the migration's text, of the statement the finding is about (unset for findings
   * about a whole file); the baseline fingerprints its text.
   */
  statementSpan?: { start: number; end: number };
}
