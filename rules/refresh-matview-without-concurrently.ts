import type { RefreshMatViewStmt } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, quoteQualified, type RuleReport } from "@rollsafe/core";
import { describeLock } from "./support/locks.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "REFRESH MATERIALIZED VIEW without CONCURRENTLY locks the view ACCESS EXCLUSIVE: every read of it waits until the refresh ends.",
    category: "locking",
    severity: "warn",
    equivalents: { squawk: [], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["RefreshMatViewStmt"],
    messages: {
      blocking:
        'REFRESH MATERIALIZED VIEW "{{view}}" takes {{lock}}, on the view for as long as its query runs. REFRESH MATERIALIZED VIEW CONCURRENTLY takes an EXCLUSIVE lock, so reads continue (it needs a unique index on the view).',
    },
  },
  check(statement, context): RuleReport<"blocking">[] {
    const stmt = (statement.node as { RefreshMatViewStmt?: RefreshMatViewStmt }).RefreshMatViewStmt;
    const view = nameOfRangeVar(stmt?.relation);
    // WITH NO DATA empties the view instantly and has no concurrent form.
    if (!stmt || !view || stmt.concurrent || stmt.skipData) return [];
    if (context.model.relations.get(view)?.origin === context.unit) return [];
    return [
      {
        messageId: "blocking",
        data: { view: displayName(view), lock: describeLock("ACCESS EXCLUSIVE") },
        saferAlternative: [
          `-- Once, if the view has none: a unique index over all its rows (REFRESH ... CONCURRENTLY requires it),`,
          `-- built outside a transaction block (CREATE INDEX CONCURRENTLY cannot run inside one):`,
          `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS <index> ON ${quoteQualified(view)} (<columns>);`,
          `-- Then, in any migration:`,
          `REFRESH MATERIALIZED VIEW CONCURRENTLY ${quoteQualified(view)};`,
        ].join("\n"),
      },
    ];
  },
});
