// Static prediction against observation, statement by statement: the lock table of the rules
// (rules/support/locks.ts) and the table-rewrite rule on one side, pg_locks and relfilenodes on the
// other. Each disagreement becomes a `static-observed-mismatch` note (docs/verify.md, "Cross-check").
import { LOCK_MODES, type LockMode, type TableLock } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import type { Prediction } from "./static-prediction.js";
import type { StatementNote, StatementTrace } from "./types.js";

/** Statements rollsafe does not model (unmodeled-statement notes): nothing static to compare with. */
const UNMODELED = new Set(["DoStmt", "CreateFunctionStmt", "CallStmt", "SelectStmt"]);

/** An unpredicted lock matters from SHARE up: weaker ones block neither reads nor writes. */
const NOTABLE = LOCK_MODES.indexOf("SHARE");

/** Relation kinds compared: tables, partitioned tables, materialized views. */
const TABLE_KINDS = new Set(["r", "p", "m"]);

export interface CrossCheckInput {
  trace: StatementTrace;
  statement: Statement;
  predicted: Prediction;
  /** Relation kinds by name, dropped relations included. */
  kinds: ReadonlyMap<string, string>;
  /** Each index's table by name, dropped indexes included. */
  indexTables: ReadonlyMap<string, string>;
  /** Names of the relations that existed before the migration began. */
  existedBefore: ReadonlySet<string>;
}

export function crossCheck(input: CrossCheckInput): StatementNote[] {
  const { trace, statement } = input;
  // An idempotent DO block (drizzle-kit's guarded foreign keys) is compared as the statement it runs.
  if (trace.error || (UNMODELED.has(statement.kind) && !statement.guarded)) return [];
  const notes: StatementNote[] = [];
  if (trace.transaction !== "none") notes.push(...compareLocks(trace, input.predicted.locks, input));
  const rewroteExisting = trace.rewrote.filter((t) => input.existedBefore.has(t));
  if (input.predicted.rewrite && rewroteExisting.length === 0 && trace.rewrote.length === 0) {
    notes.push(mismatch("the table-rewrite rule predicts a table rewrite; the engine rewrote no table (relfilenode unchanged)"));
  } else if (!input.predicted.rewrite && rewroteExisting.length > 0) {
    notes.push(mismatch(`the engine rewrote ${rewroteExisting.join(", ")} (relfilenode changed); the table-rewrite rule predicts no rewrite`));
  }
  return notes;
}

function compareLocks(trace: StatementTrace, predicted: TableLock[], input: CrossCheckInput): StatementNote[] {
  const notes: StatementNote[] = [];
  const observed = new Map(trace.locks.map((l) => [l.relation, l.mode]));
  const held = new Map((trace.heldFromEarlier ?? []).map((l) => [l.relation, l.mode]));
  const covered = new Set<string>();
  for (const lock of predicted) {
    covered.add(lock.table);
    // An index's table is locked with it (DROP INDEX, REINDEX INDEX): the lock table names the index.
    const table = input.indexTables.get(lock.table);
    if (table) covered.add(table);
    const seen = observed.get(lock.table);
    const earlier = held.get(lock.table);
    if (seen === lock.mode) continue;
    // In the file's transaction a lock held since an earlier statement is not taken again.
    if (earlier !== undefined && rank(earlier) >= rank(lock.mode) && (seen === undefined || rank(seen) <= rank(lock.mode))) continue;
    // Nothing observed on a relation that does not exist (IF EXISTS, or created by this very statement).
    if (seen === undefined && !input.existedBefore.has(lock.table)) continue;
    notes.push(mismatch(`static lock table: ${lock.mode} on ${lock.table}; observed: ${seen ?? "no lock"}${seen === undefined ? " on it" : ""}`));
  }
  for (const [relation, mode] of observed) {
    if (covered.has(relation) || rank(mode) < NOTABLE) continue;
    const kind = input.kinds.get(relation);
    if (kind !== undefined && !TABLE_KINDS.has(kind)) continue;
    notes.push(mismatch(`observed ${mode} on ${relation}; the static lock table predicts no lock on it`));
  }
  return notes;
}

function rank(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

function mismatch(message: string): StatementNote {
  return { id: "static-observed-mismatch", message };
}
