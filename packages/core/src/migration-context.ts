// What a rule may know about the migration around a statement: the transaction it runs in, the
// session settings made before it, the locks already held. The engine keeps it up to date.
import type { Statement, TransactionMode } from "@rollsafe/parser";
import type { TableLock } from "./locks.js";

export interface MigrationContext {
  /** How the migration's tool runs it (docs/sources.md). */
  transaction: TransactionMode;
  /** The statement runs inside a transaction block: one the tool opens, or the file's own BEGIN. */
  inTransaction: boolean;
  /** Inside the file's own BEGIN ... COMMIT. */
  explicitTransaction: boolean;
  /** `SET lock_timeout` ran earlier in the migration (and was not reset). */
  lockTimeoutSet: boolean;
  /** `SET statement_timeout` ran earlier in the migration (and was not reset). */
  statementTimeoutSet: boolean;
  /** ACCESS EXCLUSIVE locks taken earlier in the current transaction (held until it ends). */
  heldLocks: ReadonlyArray<TableLock & { statement: Statement }>;
  /** The migration's statements, in order (rules may look behind or ahead). */
  statements: readonly Statement[];
  /** Index of the current statement in `statements`. */
  index: number;
}

/** Mutable state behind MigrationContext, advanced statement by statement. */
export class MigrationTracker {
  private explicit = false;
  private lockTimeout = false;
  private statementTimeout = false;
  private held: Array<TableLock & { statement: Statement }> = [];

  constructor(
    private readonly mode: TransactionMode,
    private readonly statements: readonly Statement[],
  ) {}

  /** The context for statement `index`, before it runs. */
  contextFor(index: number): MigrationContext {
    return {
      transaction: this.mode,
      inTransaction: this.explicit || this.runnerWraps(),
      explicitTransaction: this.explicit,
      lockTimeoutSet: this.lockTimeout,
      statementTimeoutSet: this.statementTimeout,
      heldLocks: this.held,
      statements: this.statements,
      index,
    };
  }

  /** Records what the statement changed for the ones after it. */
  advance(statement: Statement, locks: readonly TableLock[]): void {
    const node = statement.node as Record<string, { kind?: string; name?: string }>;
    if (statement.kind === "TransactionStmt") {
      const kind = node.TransactionStmt?.kind;
      if (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") this.explicit = true;
      if (kind === "TRANS_STMT_COMMIT" || kind === "TRANS_STMT_ROLLBACK") {
        this.explicit = false;
        // Locks end with the transaction, unless the tool's own transaction is still open.
        if (!this.runnerWraps()) this.held = [];
      }
    } else if (statement.kind === "VariableSetStmt") {
      const set = node.VariableSetStmt;
      const on = set?.kind !== "VAR_RESET" && set?.kind !== "VAR_RESET_ALL";
      if (set?.name === "lock_timeout" || set?.kind === "VAR_RESET_ALL") this.lockTimeout = on;
      if (set?.name === "statement_timeout" || set?.kind === "VAR_RESET_ALL") this.statementTimeout = on;
    }
    if (this.explicit || this.runnerWraps()) {
      for (const lock of locks) if (lock.mode === "ACCESS EXCLUSIVE") this.held = [...this.held, { ...lock, statement }];
    }
  }

  private runnerWraps(): boolean {
    return this.mode === "all-pending" || this.mode === "per-migration" || (this.mode === "implicit" && this.statements.length > 1);
  }
}
