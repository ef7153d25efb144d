// How each transaction mode wraps a migration, in words for messages, and the documented way to run a
// statement outside the tool's transaction (docs/sources.md, "Transactions").
import type { MigrationContext } from "@rollsafe/core";
import type { TransactionMode } from "@rollsafe/parser";

/** The tool's transaction, described for a message (modes that open one). */
export const RUNNER_TRANSACTION: Record<TransactionMode, string> = {
  "all-pending": "drizzle-kit's migrator runs all pending migrations in one transaction",
  "per-migration": "dbmate runs each migration in its own transaction",
  implicit: "Prisma Migrate and golang-migrate send the file as one multi-statement query, which PostgreSQL runs as one implicit transaction",
  none: "the migration runs statement by statement",
};

/** Whether the tool itself runs the migration's statements inside a transaction block. */
export function runnerWraps(migration: MigrationContext): boolean {
  const mode = migration.transaction;
  return mode === "all-pending" || mode === "per-migration" || (mode === "implicit" && migration.statements.length > 1);
}

/** Where the file's own open BEGIN is (its 1-based line), looking back from the current statement. */
export function openBeginLine(migration: MigrationContext): number | undefined {
  let line: number | undefined;
  for (const statement of migration.statements.slice(0, migration.index)) {
    if (statement.kind !== "TransactionStmt") continue;
    const kind = (statement.node as { TransactionStmt?: { kind?: string } }).TransactionStmt?.kind;
    if (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") line ??= statement.range.start.line;
    if (kind === "TRANS_STMT_COMMIT" || kind === "TRANS_STMT_ROLLBACK") line = undefined;
  }
  return line;
}
