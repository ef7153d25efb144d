import type { TruncateStmt } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, quoteIdent, quoteQualified } from "@rollsafe/core";

export default defineRule(import.meta.url, {
  meta: {
    description: "TRUNCATE of an existing table destroys its rows; neither a down migration nor a code rollback brings them back.",
    category: "data-loss",
    severity: "error",
    equivalents: { squawk: ["ban-truncate-cascade"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["TruncateStmt"],
    messages: {
      default:
        'Table "{{table}}" is truncated{{cascade}}: its rows are gone for good, so a down migration or a rollback of the code cannot bring them back (only a backup can). TRUNCATE also takes an ACCESS EXCLUSIVE lock.',
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { TruncateStmt?: TruncateStmt }).TruncateStmt;
    return (stmt?.relations ?? []).flatMap((relation) => {
      const name = "RangeVar" in relation ? nameOfRangeVar(relation.RangeVar) : undefined;
      if (!name || context.model.tableOrUnknown(name).origin === context.unit) return [];
      const table = quoteQualified(name);
      return [
        {
          messageId: "default" as const,
          data: {
            table: displayName(name),
            cascade: stmt?.behavior === "DROP_CASCADE" ? " with CASCADE, which also empties every table with a foreign key to it" : "",
          },
          saferAlternative: [
            `-- Keep a copy if the rows may be needed again (a rollback, an audit):`,
            `CREATE TABLE ${quoteIdent(`${name.slice(name.indexOf(".") + 1)}_backup`)} AS TABLE ${table};`,
            `-- Then delete in batches from a job rather than a migration (short locks, no ACCESS EXCLUSIVE):`,
            `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} LIMIT 10000); -- repeat until no row is left`,
          ].join("\n"),
        },
      ];
    });
  },
});
