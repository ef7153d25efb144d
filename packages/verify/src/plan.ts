// How each statement of a migration runs, from the file and the tool's transaction model
// (docs/verify.md, "How statements run"):
// - inside the file's own BEGIN ... COMMIT: that one transaction, as the file says;
// - statements PostgreSQL refuses inside a transaction block (CONCURRENTLY, VACUUM, ...): alone, in
//   autocommit, so their locks cannot be read;
// - everything else: in a transaction of its own, so pg_locks shows exactly its locks before COMMIT.
import { DEFAULT_TRANSACTION_MODE, parseSqlText, type Migration, type SourceKind, type SqlFile, type Statement, type TransactionMode } from "@rollsafe/parser";

export type RunMode =
  /** BEGIN; the statement; read locks; COMMIT. */
  | "statement"
  /** Inside the file's own transaction. */
  | "file"
  /** Alone, outside any transaction block. */
  | "none"
  /** The file's BEGIN / COMMIT / SAVEPOINT / ...: run as written, not traced. */
  | "control";

export interface PlannedStatement {
  statement: Statement;
  mode: RunMode;
}

export interface PlannedMigration {
  migration: Migration;
  file: SqlFile;
  statements: PlannedStatement[];
  /** How the migration's tool runs it (the locks of a wrapped migration are held until its end). */
  transaction: TransactionMode;
  /** The tool runs the migration inside a transaction block. */
  toolWraps: boolean;
}

const CONTROL = new Set(["TRANS_STMT_BEGIN", "TRANS_STMT_START", "TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_SAVEPOINT", "TRANS_STMT_RELEASE", "TRANS_STMT_ROLLBACK_TO", "TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED", "TRANS_STMT_ROLLBACK_PREPARED"]);

function transactionKind(statement: Statement): string | undefined {
  return statement.kind === "TransactionStmt" ? (statement.node as { TransactionStmt?: { kind?: string } }).TransactionStmt?.kind : undefined;
}

/** Statements PostgreSQL refuses inside a transaction block ("cannot run inside a transaction block"). */
export function cannotRunInTransaction(statement: Statement): boolean {
  const node = statement.node as unknown as Record<string, Record<string, unknown> | undefined>;
  const body = node[statement.kind] ?? {};
  switch (statement.kind) {
    case "IndexStmt":
      return !!body.concurrent;
    case "DropStmt":
      return !!body.concurrent;
    case "ReindexStmt":
      return ((body.params as Array<{ DefElem?: { defname?: string } }> | undefined) ?? []).some((p) => p.DefElem?.defname === "concurrently") || body.kind === "REINDEX_OBJECT_SYSTEM" || body.kind === "REINDEX_OBJECT_DATABASE" || body.kind === "REINDEX_OBJECT_SCHEMA";
    case "VacuumStmt":
      return !!body.is_vacuumcmd;
    case "AlterTableStmt":
      return ((body.cmds as Array<{ AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } } }> | undefined) ?? []).some((c) => c.AlterTableCmd?.subtype === "AT_DetachPartition" && !!c.AlterTableCmd.def?.PartitionCmd?.concurrent);
    case "ClusterStmt":
      return !body.relation;
    case "CreatedbStmt":
    case "DropdbStmt":
    case "CreateTableSpaceStmt":
    case "DropTableSpaceStmt":
    case "AlterSystemStmt":
    case "CreateSubscriptionStmt":
    case "DropSubscriptionStmt":
      return true;
    default:
      return false;
  }
}

export function planMigration(migration: Migration, kind: SourceKind, transaction?: TransactionMode): PlannedMigration {
  const file = parseSqlText(migration.text);
  const mode = migration.transaction ?? transaction ?? DEFAULT_TRANSACTION_MODE[kind];
  const toolWraps = mode === "all-pending" || mode === "per-migration" || (mode === "implicit" && file.statements.length > 1);
  let inFile = false;
  const statements = file.statements.map((statement): PlannedStatement => {
    const control = transactionKind(statement);
    if (control && CONTROL.has(control)) {
      if (control === "TRANS_STMT_BEGIN" || control === "TRANS_STMT_START") inFile = true;
      if (control === "TRANS_STMT_COMMIT" || control === "TRANS_STMT_ROLLBACK" || control === "TRANS_STMT_PREPARE") inFile = false;
      return { statement, mode: "control" };
    }
    if (inFile) return { statement, mode: "file" };
    return { statement, mode: cannotRunInTransaction(statement) ? "none" : "statement" };
  });
  return { migration, file, statements, transaction: mode, toolWraps };
}
