import { defineRule, displayName, type RuleReport } from "@rollsafe/core";
import { tableIsNew } from "./support/locks.js";

const TRANSACTION_END = new Set(["TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED", "TRANS_STMT_ROLLBACK_PREPARED"]);

export default defineRule(import.meta.url, {
  meta: {
    description: "Statements that run after an ACCESS EXCLUSIVE lock on an existing table, in the same transaction, keep every read and write of that table blocked until the transaction commits.",
    category: "locking",
    severity: "warn",
    equivalents: { squawk: [], strongMigrations: [], atlas: [], eugene: ["E4"] },
    // Any statement can run while the lock is held.
    statementKinds: [
      "AlterTableStmt", "IndexStmt", "CreateStmt", "DropStmt", "RenameStmt", "UpdateStmt", "InsertStmt", "DeleteStmt", "SelectStmt", "TruncateStmt", "LockStmt",
      "RefreshMatViewStmt", "ReindexStmt", "ClusterStmt", "VacuumStmt", "ViewStmt", "CreateTableAsStmt", "CreateEnumStmt", "AlterEnumStmt", "CreateFunctionStmt",
      "CreateTrigStmt", "DoStmt", "CommentStmt", "GrantStmt", "CreateSeqStmt", "AlterSeqStmt", "CreatePolicyStmt", "AlterDomainStmt", "CreateDomainStmt", "CompositeTypeStmt",
      "CreateExtensionStmt", "CreateSchemaStmt", "CallStmt",
    ],
    messages: {
      heldLock:
        'This statement runs while the transaction still holds the ACCESS EXCLUSIVE lock that an earlier statement took on {{tables}}: every read and write of it stays blocked until the transaction commits, for as long as this statement takes. Put the statement that takes the lock in its own transaction, last, or run this one first.',
    },
  },
  check(statement, context): RuleReport<"heldLock">[] {
    const { heldLocks, statements, index } = context.migration;
    if (statement.kind === "TransactionStmt" && TRANSACTION_END.has((statement.node as { TransactionStmt?: { kind?: string } }).TransactionStmt?.kind ?? "")) return [];
    const previous = statements[index - 1];
    // Once per transaction: at the statement right after the first one that took an ACCESS EXCLUSIVE
    // lock (the advice is the same for every later statement, and repeating it is noise).
    if (!previous || heldLocks.length === 0 || !heldLocks.every((lock) => lock.statement === previous)) return [];
    const held = heldLocks.filter((lock) => {
      const indexTable = context.model.indexes.get(lock.table)?.table;
      return !tableIsNew(context, indexTable ?? lock.table) && context.model.relations.get(lock.table)?.origin !== context.unit;
    });
    const names = [...new Set(held.map((lock) => `"${displayName(lock.table)}"`))];
    if (names.length === 0) return [];
    return [
      {
        messageId: "heldLock",
        data: { tables: names.join(", ") },
        saferAlternative: alternative(statement.text.trim(), context.migration.transaction, context.migration.explicitTransaction),
      },
    ];
  },
});

/**
 * Where the tool owns the transaction, a COMMIT inside the file would break its atomicity (see
 * transaction-nesting): the way out is another migration. Elsewhere, the file's own transaction can end.
 */
function alternative(sql: string, mode: string, explicit: boolean): string {
  if (!explicit && (mode === "all-pending" || mode === "per-migration")) {
    const drizzle = mode === "all-pending" ? " (drizzle-kit's migrator still runs all pending migrations in one transaction: deploy them one at a time, or keep the locking statement last)" : "";
    return [`-- Move this statement into a migration of its own, after the one that takes the ACCESS EXCLUSIVE lock${drizzle}:`, `${sql};`].join("\n");
  }
  return [`-- End the transaction right after the statement that takes the ACCESS EXCLUSIVE lock, and run this one in the next:`, `COMMIT;`, `BEGIN;`, `${sql};`].join("\n");
}
