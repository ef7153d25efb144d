// Runs planned migrations statement by statement on an engine and records, per statement, the locks it
// held before COMMIT and the tables whose storage it rewrote (docs/verify.md, "How it works").
import { LOCK_MODES, type LockMode } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { ServerError, toServerError, type Engine } from "../engine/engine.js";
import type { PlannedMigration, PlannedStatement } from "../plan.js";
import type { ObservedLock, StatementError, StatementTrace } from "../types.js";
import { statementError } from "./error-position.js";
import { LOCKS_EXECUTE, lockMode, prepareLockQuery, readLocks, type HeldLockRow } from "./locks.js";
import { advice, extensionName, isUnavailableExtension, MissingExtensions } from "./missing-extensions.js";
import { RelationMap, type RelationInfo } from "./relations.js";

/** Relation kinds whose storage a rewrite replaces: tables and materialized views. */
const REWRITABLE = new Set(["r", "m"]);

export interface MigrationRun {
  traces: StatementTrace[];
  /** The statement that failed: the run stops there. */
  failure?: StatementError & { path: string };
  /** Oids of the relations that existed when the migration started (what "pre-existing" means for it). */
  existedBefore: ReadonlySet<number>;
}

export interface TraceOptions {
  /** Record locks and rewrites (false for history replayed only to reach the state before the checked set). */
  trace: boolean;
  /** Called before each statement, for progress. */
  onStatement?: (index: number, total: number) => void;
  /** Stops between statements when aborted (Ctrl-C). */
  signal?: AbortSignal;
}

export class Tracer {
  readonly missing = new MissingExtensions();
  /** The kind (pg_class.relkind) of every relation seen by name, dropped ones included. */
  readonly kinds = new Map<string, string>();
  /** The table of every index seen by name, dropped ones included. */
  readonly indexTables = new Map<string, string>();
  /** Locks held in the file's open transaction, by oid (all modes), with the relations it created. */
  private fileTx: { held: Map<number, Set<LockMode>>; created: Set<number> } | undefined;

  private constructor(
    readonly engine: Engine,
    readonly relations: RelationMap,
  ) {}

  static async create(engine: Engine): Promise<Tracer> {
    await prepareLockQuery(engine);
    const tracer = new Tracer(engine, await RelationMap.load(engine));
    tracer.learnNames();
    return tracer;
  }

  /** Remembers the kind and table of every relation in the map (after it was read in full). */
  private learnNames(): void {
    for (const oid of this.relations.oids()) {
      const info = this.relations.get(oid)!;
      this.kinds.set(info.name, info.kind);
      const table = info.table !== undefined ? this.relations.get(info.table)?.name : undefined;
      if (table) this.indexTables.set(info.name, table);
    }
  }

  private async refresh(): Promise<Map<number, RelationInfo>> {
    const previous = await this.relations.refresh(this.engine);
    this.stale = false;
    this.learnNames();
    return previous;
  }

  /** Set after a batched migration: the relation map misses its changes until it is read again. */
  private stale = false;

  /**
   * An untraced migration (history, a down round trip) sent as one transaction in one round trip, where
   * statement by statement costs a round trip and a lock read each. False when it fails: the transaction
   * is rolled back, and the caller runs the migration statement by statement, which says where it fails
   * (or succeeds: a statement may need the COMMIT of an earlier one, as an enum value added before use).
   */
  private async runBatch(planned: PlannedMigration, options: TraceOptions): Promise<boolean> {
    options.signal?.throwIfAborted();
    options.onStatement?.(0, planned.statements.length);
    // New lines end a trailing `--` comment of a statement before the next one.
    const sql = ["BEGIN", ...planned.statements.map((s) => s.statement.text), "COMMIT"].join("\n;\n");
    try {
      await this.engine.exec(sql);
    } catch (error) {
      toServerError(error);
      await this.engine.exec("ROLLBACK");
      return false;
    }
    this.stale = true;
    return true;
  }

  async runMigration(planned: PlannedMigration, options: TraceOptions): Promise<MigrationRun> {
    if (!options.trace && batchable(planned) && (await this.runBatch(planned, options))) return { traces: [], existedBefore: new Set() };
    if (this.stale) await this.refresh();
    const existedBefore = new Set(this.relations.oids());
    const traces: StatementTrace[] = [];
    const run: MigrationRun = { traces, existedBefore };
    const total = planned.statements.length;
    try {
      for (const [index, item] of planned.statements.entries()) {
        options.signal?.throwIfAborted();
        options.onStatement?.(index, total);
        if (item.mode === "control") {
          const failure = await this.control(item.statement, planned);
          if (failure) return { ...run, failure };
          continue;
        }
        const trace = await this.runStatement(item, planned, options.trace);
        if (options.trace) traces.push(trace);
        if (trace.error && !trace.notVerifiable) return { ...run, failure: { ...trace.error, path: planned.migration.path } };
      }
      // A file that opens a transaction and never ends it: the session's end would roll it back,
      // which is what its tool would see as a failed migration. Commit it so the run goes on.
      if (this.fileTx) await this.endFileTransaction("COMMIT");
      return run;
    } catch (error) {
      if (this.fileTx) await this.endFileTransaction("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  private async control(statement: Statement, planned: PlannedMigration): Promise<(StatementError & { path: string }) | undefined> {
    const kind = (statement.node as { TransactionStmt?: { kind?: string } }).TransactionStmt?.kind ?? "";
    try {
      await this.engine.exec(statement.text);
    } catch (error) {
      return { ...statementError(toServerError(error), statement, planned.file.source), path: planned.migration.path };
    }
    if (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") this.fileTx = { held: new Map(), created: new Set() };
    if (kind === "TRANS_STMT_COMMIT" || kind === "TRANS_STMT_ROLLBACK" || kind === "TRANS_STMT_PREPARE") {
      this.fileTx = undefined;
      // A ROLLBACK undid what the transaction created or rewrote: read the relations again.
      if (kind !== "TRANS_STMT_COMMIT") await this.refresh();
    }
    return undefined;
  }

  private async endFileTransaction(command: "COMMIT" | "ROLLBACK"): Promise<void> {
    this.fileTx = undefined;
    await this.engine.exec(command);
    if (command === "ROLLBACK") await this.refresh();
  }

  private async runStatement(item: PlannedStatement, planned: PlannedMigration, trace: boolean): Promise<StatementTrace> {
    const { statement } = item;
    const mode = item.mode === "control" ? "statement" : item.mode;
    const result: StatementTrace = {
      path: planned.migration.path,
      line: statement.range.start.line,
      column: statement.range.start.column,
      kind: statement.kind,
      transaction: mode,
      locks: [],
      rewrote: [],
      durationMs: 0,
      error: null,
      notes: [],
    };
    // Inside the file's transaction a savepoint lets the run go on past a statement that needs a missing
    // extension; SET (SET TRANSACTION must come first and outside any subtransaction) goes without.
    const savepoint = mode === "file" && statement.kind !== "VariableSetStmt";
    const start = performance.now();
    const sent = await this.send(statement.text, mode, savepoint);
    result.durationMs = Math.round((performance.now() - start) * 100) / 100;
    if ("failed" in sent) {
      const failed = sent.failed;
      if (savepoint) await this.engine.exec("ROLLBACK TO SAVEPOINT rollsafe_statement");
      else if (mode === "statement") await this.engine.exec("ROLLBACK");
      result.error = statementError(failed, statement, planned.file.source);
      // Without a savepoint the file's transaction is aborted: nothing after this can run.
      if (mode === "file" && !savepoint) return result;
      const extension = extensionName(statement);
      const blamed = extension && isUnavailableExtension(failed) ? extension : this.missing.blame(failed);
      if (blamed) {
        this.missing.add(blamed);
        this.missing.skipped(statement, blamed);
        result.notVerifiable = { extension: blamed, advice: advice(blamed, this.engine.kind) };
      }
      return result;
    }
    if (mode === "none") {
      // Autocommit: nothing to read in pg_locks afterwards. Rewrites still show in the relfilenodes.
      const previous = await this.refresh();
      if (trace) {
        result.notes.push({ id: "locks-not-observable", message: "ran outside a transaction block (as PostgreSQL requires), so its locks cannot be read from pg_locks" });
        result.rewrote = this.rewrittenSince(previous, statement);
      }
      return result;
    }
    this.record(result, sent.locks, statement, trace);
    return result;
  }

  /**
   * Runs the statement and, before its transaction (or savepoint) ends, reads the locks it holds: one
   * round trip, `BEGIN; <statement>; EXECUTE <lock query>; COMMIT`.
   */
  private async send(text: string, mode: "statement" | "file" | "none", savepoint: boolean): Promise<Sent> {
    if (mode === "none") {
      try {
        await this.engine.exec(text);
        return { locks: [] };
      } catch (error) {
        return { failed: toServerError(error) };
      }
    }
    const prefix = statementPrefix(mode, savepoint);
    const suffix = mode === "statement" ? ";\nCOMMIT" : savepoint ? ";\nRELEASE SAVEPOINT rollsafe_statement" : "";
    // A new line ends a trailing `--` comment of the statement before the lock query is appended.
    const sql = `${prefix}${text}\n;\n${LOCKS_EXECUTE}${suffix}`;
    try {
      const results = await this.engine.batch<HeldLockRow>(sql);
      return { locks: results[results.length - (suffix ? 2 : 1)] ?? [] };
    } catch (error) {
      const failed = toServerError(error);
      // The statement dropped the prepared lock query (DEALLOCATE ALL): undo, then run it the slow way.
      if (failed.code === "26000" && (mode === "statement" || savepoint)) {
        await this.engine.exec(savepoint ? "ROLLBACK TO SAVEPOINT rollsafe_statement" : "ROLLBACK");
        return this.sendSlowly(text, mode, savepoint);
      }
      return { failed: withoutPrefix(failed, prefix) };
    }
  }

  /** The statement, then the lock query (prepared again by readLocks), then the end of its transaction. */
  private async sendSlowly(text: string, mode: "statement" | "file", savepoint: boolean): Promise<Sent> {
    const prefix = statementPrefix(mode, savepoint);
    try {
      await this.engine.exec(prefix + text);
    } catch (error) {
      return { failed: withoutPrefix(toServerError(error), prefix) };
    }
    const locks = await readLocks(this.engine);
    if (mode === "statement") await this.engine.exec("COMMIT");
    else if (savepoint) await this.engine.exec("RELEASE SAVEPOINT rollsafe_statement");
    return { locks };
  }

  /** Turns the lock rows into the statement's locks and rewrites, and updates the relation map. */
  private record(result: StatementTrace, rows: HeldLockRow[], statement: Statement, trace: boolean): void {
    const tx = this.fileTx;
    const strongest = new Map<string, LockMode>();
    const heldEarlier = new Map<string, LockMode>();
    // What the map knew before this statement (the loop updates it).
    const before = new Map(rows.map((r) => [Number(r.oid), this.relations.get(Number(r.oid))]));
    const seen = new Set<number>();
    for (const row of rows) {
      const oid = Number(row.oid);
      const mode = lockMode(row.mode);
      if (!mode) continue;
      const known = before.get(oid);
      const created = !known || tx?.created.has(oid);
      if (!known && tx) tx.created.add(oid);
      // The name the statement knew it by (before a rename), else its name now.
      const name = known?.name ?? (row.relname !== null && row.nspname !== null ? `${row.nspname}.${row.relname}` : `oid ${oid}`);
      if (row.relkind !== null) this.kinds.set(name, row.relkind);
      const table = row.indrelid !== null ? this.relations.get(Number(row.indrelid))?.name : undefined;
      if (table) this.indexTables.set(name, table);
      const wasHeld = tx?.held.get(oid)?.has(mode);
      if (tx) {
        const modes = tx.held.get(oid) ?? new Set<LockMode>();
        modes.add(mode);
        tx.held.set(oid, modes);
      }
      if (!seen.has(oid)) {
        seen.add(oid);
        if (trace && known && !created && REWRITABLE.has(known.kind) && row.relfilenode !== null && Number(row.relfilenode) !== known.filenode && statement.kind !== "TruncateStmt") result.rewrote.push(name);
        if (row.relname === null) this.relations.delete(oid);
        else this.relations.update(row);
        // Renamed by the statement: later statements know it by its new name.
        const current = this.relations.get(oid)?.name;
        if (current !== undefined && current !== name) {
          if (row.relkind !== null) this.kinds.set(current, row.relkind);
          if (table) this.indexTables.set(current, table);
        }
      }
      if (created) continue;
      const into = wasHeld ? heldEarlier : strongest;
      into.set(name, stronger(into.get(name), mode));
    }
    if (!trace) return;
    result.locks = toList(strongest);
    if (tx) {
      // Held from earlier statements: only what this statement did not take itself (at that mode or stronger).
      for (const [name, mode] of strongest) if (heldEarlier.has(name) && rank(heldEarlier.get(name)!) <= rank(mode)) heldEarlier.delete(name);
      result.heldFromEarlier = toList(heldEarlier);
    }
  }

  /** After an autocommit statement: the pre-existing tables whose relfilenode changed. */
  private rewrittenSince(previous: Map<number, { name: string; kind: string; filenode: number }>, statement: Statement): string[] {
    if (statement.kind === "TruncateStmt") return [];
    const out: string[] = [];
    for (const [oid, before] of previous) {
      const now = this.relations.get(oid);
      if (now && REWRITABLE.has(before.kind) && now.filenode !== before.filenode) out.push(now.name);
    }
    return out;
  }
}

/** What sending a statement gave: the locks it held, or the server's error. */
type Sent = { locks: HeldLockRow[] } | { failed: ServerError };

/** What opens the statement's transaction (or savepoint) in the text sent with it. */
function statementPrefix(mode: "statement" | "file", savepoint: boolean): string {
  return savepoint ? "SAVEPOINT rollsafe_statement;\n" : mode === "statement" ? "BEGIN;\n" : "";
}

/** The server counts its error position from the start of the text sent: shift it back by the prefix. */
function withoutPrefix(error: ServerError, prefix: string): ServerError {
  return error.position === undefined ? error : new ServerError(error.message, error.code, Math.max(1, error.position - prefix.length));
}

/**
 * Whether a migration can run as one transaction with the same outcome as statement by statement: every
 * statement in a transaction of its own, and no SET (a SET LOCAL would outlive its statement).
 */
function batchable(planned: PlannedMigration): boolean {
  return planned.statements.length > 0 && planned.statements.every((s) => s.mode === "statement" && s.statement.kind !== "VariableSetStmt");
}

function rank(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

function stronger(a: LockMode | undefined, b: LockMode): LockMode {
  return a === undefined || rank(b) > rank(a) ? b : a;
}

function toList(locks: Map<string, LockMode>): ObservedLock[] {
  return [...locks].map(([relation, mode]) => ({ relation, mode })).sort((a, b) => rank(b.mode) - rank(a.mode) || a.relation.localeCompare(b.relation));
}
