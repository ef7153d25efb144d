import type { LockStmt, Node } from "@pgsql/types";
import { LOCK_MODES, defineRule, displayName, nameOfRangeVar, quoteQualified, type RuleReport } from "@rollsafe/core";
import { describeLock, lockStatementMode, tableIsNew } from "./support/locks.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "LOCK TABLE in SHARE mode or stronger on an existing table blocks its writes (ACCESS EXCLUSIVE: its reads too) until the transaction ends.",
    category: "locking",
    severity: "warn",
    equivalents: { squawk: [], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["LockStmt"],
    messages: {
      explicitLock:
        "LOCK TABLE {{tables}} takes {{lock}}, until the transaction ends. Each statement already takes the lock it needs; an explicit lock only makes the blocking last longer.",
    },
  },
  check(statement, context): RuleReport<"explicitLock">[] {
    const stmt = (statement.node as { LockStmt?: LockStmt }).LockStmt;
    if (!stmt) return [];
    const mode = lockStatementMode(stmt);
    // Weaker modes block only other schema changes and index builds, not the application.
    if (LOCK_MODES.indexOf(mode) < LOCK_MODES.indexOf("SHARE")) return [];
    const tables = (stmt.relations ?? []).flatMap((r: Node) => {
      const name = "RangeVar" in r ? nameOfRangeVar(r.RangeVar) : undefined;
      return name && !tableIsNew(context, name) ? [name] : [];
    });
    if (tables.length === 0) return [];
    return [
      {
        messageId: "explicitLock",
        data: { tables: tables.map((t) => `"${displayName(t)}"`).join(", "), lock: describeLock(mode) },
        saferAlternative: [
          `-- Usually nothing replaces it: drop the LOCK TABLE. If the migration really needs it, give up quickly instead of queueing the table's traffic, and keep the transaction short:`,
          `SET lock_timeout = '5s';`,
          `LOCK TABLE ${tables.map(quoteQualified).join(", ")} IN ${mode} MODE;`,
        ].join("\n"),
      },
    ];
  },
});
