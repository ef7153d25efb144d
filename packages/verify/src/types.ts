// What `rollsafe verify` returns: a typed result the formatters print (docs/verify.md, "JSON").
import type { LockMode } from "@rollsafe/core";
import type { EngineKind } from "./engine/engine.js";
import type { RunMode } from "./plan.js";

export interface ObservedLock {
  /** `schema.name` of the relation (table, index, view, sequence). */
  relation: string;
  mode: LockMode;
}

/** A disagreement between what the static rules predicted for a statement and what the engine did. */
export interface StatementNote {
  id: "static-observed-mismatch" | "runs-outside-tool-transaction" | "locks-not-observable";
  message: string;
}

export interface StatementError {
  message: string;
  /** Where in the file the server says the error is (the statement's start when it gives no position). */
  line: number;
  column: number;
  /** SQLSTATE. */
  code?: string;
}

export interface StatementTrace {
  path: string;
  line: number;
  column: number;
  /** The statement's AST kind, e.g. `AlterTableStmt`. */
  kind: string;
  /** How it ran: its own transaction, the file's BEGIN ... COMMIT, or alone without one (CONCURRENTLY). */
  transaction: Exclude<RunMode, "control">;
  /** The relation locks it took (the strongest per relation), not counting relations it created itself. */
  locks: ObservedLock[];
  /** Inside the file's own transaction: locks taken by earlier statements and still held while it ran. */
  heldFromEarlier?: ObservedLock[];
  /** Tables (and materialized views) whose storage it rewrote: their relfilenode changed. */
  rewrote: string[];
  durationMs: number;
  error: StatementError | null;
  /** Not run here: it needs an extension this engine does not have (and the statements that depend on it). */
  notVerifiable?: { extension: string; advice: string };
  notes: StatementNote[];
}

export interface MigrationTrace {
  path: string;
  name: string;
  /**
   * Traced; applied from the cache (its statements were traced by an earlier run); only replayed as
   * history (`--changed-since`); or skipped because its tool never applies it.
   */
  source: "traced" | "cache" | "history" | "skipped";
  /** Why it was skipped. */
  skipped?: string;
  statements: number;
  /** The down migration's round trip, where the tool keeps down migrations. */
  down?: DownRoundTrip;
}

export interface DownRoundTrip {
  path: string;
  /** `ok`: the catalog after up + down equals the catalog before up. */
  outcome: "ok" | "down-not-inverse" | "failed";
  /** The objects that differ (down-not-inverse). */
  differences: CatalogDifference[];
  error?: StatementError & { path: string };
}

export interface CatalogDifference {
  /** `table public.users`, `column public.users.email`, `index public.users_email_idx`, ... */
  object: string;
  /** Present before and not after (`missing`), the reverse (`extra`), or present in both but different. */
  change: "missing" | "extra" | "differs";
  before?: string;
  after?: string;
}

/** A change of the checked set, from the real catalog before and after it (`--changed-since`). */
export interface CompatChange {
  kind: "table-dropped" | "table-renamed" | "column-dropped" | "column-renamed" | "column-type-changed" | "column-made-not-null" | "column-made-unique" | "enum-value-dropped";
  /** The object as it was before the change. */
  object: string;
  detail: string;
  /** Whether old code can keep working (false: a break the static rules should also report). */
  breaking: boolean;
  /** The static findings on the same object (rule ids), or none: a break no rule reported. */
  staticRules: string[];
}

export interface VerifySummary {
  migrations: number;
  statements: number;
  applied: number;
  failed: number;
  notVerifiable: number;
  rewrites: number;
  mismatches: number;
  downNotInverse: number;
  /** Migrations taken from the cache instead of being applied again. */
  fromCache: number;
  durationMs: number;
}

export interface VerifyResult {
  engine: EngineKind;
  serverVersion: string;
  /** The migration folders verified. */
  roots: string[];
  migrations: MigrationTrace[];
  statements: StatementTrace[];
  /** The first statement that failed: the run stopped there. */
  failure: (StatementError & { path: string }) | null;
  /** The extensions this engine could not provide, with the statements that need them. */
  missingExtensions: string[];
  /** With `--changed-since`: what the checked set changed in the catalog. */
  compat?: CompatChange[];
  summary: VerifySummary;
}
