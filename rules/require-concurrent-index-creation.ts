import type { IndexStmt } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, quoteIdent, quoteQualified, type RuleReport } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { concurrentIndexFix, optionalFix } from "./support/fixes.js";
import { describeLock, hasConcurrentIndexBug, outsideTransaction, tableIsNew } from "./support/locks.js";

type MessageId = "blocking" | "corruptionBug";

/** The statement as written, with CONCURRENTLY and IF NOT EXISTS (so a retry after a failed build is harmless). */
function concurrentForm(statement: Statement, stmt: IndexStmt, table: string): string {
  const head = /^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+/i.exec(statement.text);
  const generated = `${[table.slice(table.indexOf(".") + 1), ...(stmt.indexParams ?? []).map((p) => ("IndexElem" in p ? (p.IndexElem.name ?? "expr") : "expr"))].join("_")}_idx`;
  if (!head) return `CREATE ${stmt.unique ? "UNIQUE " : ""}INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(stmt.idxname ?? generated)} ON ${quoteQualified(table)} (<columns>);`;
  const rest = statement.text.slice(head[0].length);
  const name = stmt.idxname ? "" : `${quoteIdent(generated)} `;
  const ifNotExists = stmt.if_not_exists ? "" : "IF NOT EXISTS ";
  return `${head[0].trimStart()}CONCURRENTLY ${ifNotExists}${name}${rest};`;
}

export default defineRule(import.meta.url, {
  meta: {
    description: "CREATE INDEX without CONCURRENTLY on an existing table blocks its writes for the whole build.",
    category: "locking",
    severity: "error",
    equivalents: { squawk: ["require-concurrent-index-creation"], strongMigrations: ["add_index", "add_index_corruption"], atlas: ["PG101"], eugene: ["E6"] },
    fixable: true,
    statementKinds: ["IndexStmt"],
    messages: {
      blocking:
        'CREATE INDEX on existing table "{{table}}" takes {{lock}}, for as long as the index builds (minutes on a large table). Build it with CREATE INDEX CONCURRENTLY.',
      corruptionBug:
        'CREATE INDEX CONCURRENTLY on PostgreSQL {{version}} can build a corrupt index on "{{table}}" (a bug of 14.0 to 14.3, fixed in 14.4): upgrade to 14.4 or later first, and REINDEX the indexes built concurrently on those releases.',
    },
  },
  check(statement, context): RuleReport<MessageId>[] {
    const stmt = (statement.node as { IndexStmt?: IndexStmt }).IndexStmt;
    const table = nameOfRangeVar(stmt?.relation);
    if (!stmt || !table || tableIsNew(context, table)) return [];
    if (stmt.concurrent) {
      if (!hasConcurrentIndexBug(context)) return [];
      return [{ messageId: "corruptionBug", data: { table: displayName(table), version: `14.${context.postgresMinor ?? 0}` } }];
    }
    return [
      {
        messageId: "blocking",
        data: { table: displayName(table), lock: describeLock("SHARE") },
        saferAlternative: [outsideTransaction(context), concurrentForm(statement, stmt, table)].join("\n"),
        ...optionalFix(concurrentIndexFix(statement, context)),
      },
    ];
  },
});
