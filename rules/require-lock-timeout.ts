import { defineRule, displayName, type QualifiedName, type RuleContext, type RuleReport } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { lockTimeoutPreludeFix } from "./support/fixes.js";
import { exclusiveOnExisting, statementLocks, tableOfIndex } from "./support/locks.js";

function describe(context: RuleContext, name: QualifiedName): string {
  const table = tableOfIndex(context, name);
  return table ? `index "${displayName(name)}" (and its table "${displayName(table)}")` : `"${displayName(name)}"`;
}

/** The first statement of the migration that waits for an ACCESS EXCLUSIVE lock on an existing table. */
// The first statement of each migration that needs the lock, remembered as the engine checks the
// migration in order (keyed by the migration's statement list, so nothing leaks between migrations).
const firstNeedingLock = new WeakMap<readonly Statement[], number>();

/** Whether this is the migration's first statement that takes ACCESS EXCLUSIVE on an existing table. */
function isFirst(statement: Statement, context: RuleContext): boolean {
  const { statements, index } = context.migration;
  const first = firstNeedingLock.get(statements);
  if (first === undefined) firstNeedingLock.set(statements, index);
  return first === undefined || first === index;
}

export default defineRule(import.meta.url, {
  meta: {
    description: "A statement that takes an ACCESS EXCLUSIVE lock on an existing table, with no SET lock_timeout earlier in the migration, can queue every read and write of the table behind it while it waits.",
    category: "locking",
    severity: "warn",
    equivalents: { squawk: ["require-lock-timeout"], strongMigrations: [], atlas: [], eugene: ["E9"] },
    fixable: true,
    statementKinds: ["AlterTableStmt", "DropStmt", "RenameStmt", "TruncateStmt", "LockStmt", "RefreshMatViewStmt", "VacuumStmt", "ClusterStmt", "ReindexStmt", "CreateStmt"],
    messages: {
      missing:
        "This statement needs an ACCESS EXCLUSIVE lock on {{tables}}, and no lock_timeout is set: while it waits for a long-running query to finish, every read and write of the table queues behind it. Set lock_timeout first, so it gives up (and can be retried) instead.",
    },
  },
  check(statement, context): RuleReport<"missing">[] {
    if (context.migration.lockTimeoutSet) return [];
    const tables = exclusiveOnExisting(statementLocks(statement, context.model), context);
    if (tables.length === 0 || !isFirst(statement, context)) return [];
    return [
      {
        messageId: "missing",
        data: { tables: tables.map((t) => describe(context, t)).join(", ") },
        saferAlternative: [
          `-- At the top of the migration (SET LOCAL inside a transaction): give up after a few seconds instead of blocking the table.`,
          `SET lock_timeout = '5s';`,
          `${statement.text.trim()};`,
        ].join("\n"),
        fix: lockTimeoutPreludeFix(statement, context),
      },
    ];
  },
});
