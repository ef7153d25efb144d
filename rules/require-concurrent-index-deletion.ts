import type { DropStmt } from "@pgsql/types";
import { defineRule, displayName, droppedNames, quoteQualified, type RuleReport } from "@rollsafe/core";
import { describeLock, outsideTransaction, tableIsNew, tableOfIndex } from "./support/locks.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table, blocking every read and write behind it.",
    category: "locking",
    severity: "error",
    equivalents: { squawk: ["require-concurrent-index-deletion"], strongMigrations: ["remove_index"], atlas: ["PG102"], eugene: [] },
    statementKinds: ["DropStmt"],
    messages: {
      blocking:
        'DROP INDEX "{{index}}" takes {{lock}}, on {{table}}: it waits for every running query on the table, and every query queued behind it waits too. Drop it with DROP INDEX CONCURRENTLY.',
    },
  },
  check(statement, context): RuleReport<"blocking">[] {
    const stmt = (statement.node as { DropStmt?: DropStmt }).DropStmt;
    if (!stmt || stmt.removeType !== "OBJECT_INDEX" || stmt.concurrent) return [];
    // An index created by this change, or on a table it created, holds nothing anyone is waiting for.
    const existing = droppedNames(stmt).filter((name) => {
      const index = context.model.indexes.get(name);
      return index?.origin !== context.unit && !(index && tableIsNew(context, index.table));
    });
    if (existing.length === 0) return [];
    const tables = [...new Set(existing.map((name) => tableOfIndex(context, name)))];
    const plural = existing.length > 1;
    const table = plural ? "each index and on its table" : `the index and on its table${tables[0] ? ` "${displayName(tables[0])}"` : ""}`;
    return [
      {
        messageId: "blocking",
        data: { index: existing.map(displayName).join('", "'), table, lock: describeLock("ACCESS EXCLUSIVE") },
        // DROP INDEX CONCURRENTLY drops one index per statement and takes no CASCADE.
        saferAlternative: [outsideTransaction(context), ...existing.map((name) => `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(name)};`)].join("\n"),
      },
    ];
  },
});
