import type { DeleteStmt } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, quoteIdent, quoteQualified } from "@rollsafe/core";

export default defineRule(import.meta.url, {
  meta: {
    description: "DELETE without WHERE on an existing table destroys every row; neither a down migration nor a code rollback brings them back.",
    category: "data-loss",
    severity: "error",
    equivalents: { squawk: [], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["DeleteStmt"],
    messages: {
      default:
        'DELETE without WHERE removes every row of table "{{table}}": they are gone for good, so a down migration or a rollback of the code cannot bring them back. On a big table it also runs long in one transaction, holding row locks that block the application\'s writes.',
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { DeleteStmt?: DeleteStmt }).DeleteStmt;
    const name = nameOfRangeVar(stmt?.relation);
    if (!stmt || stmt.whereClause || !name || context.model.tableOrUnknown(name).origin === context.unit) return [];
    const table = quoteQualified(name);
    return [
      {
        messageId: "default" as const,
        data: { table: displayName(name) },
        saferAlternative: [
          `-- Keep a copy if the rows may be needed again (a rollback, an audit):`,
          `CREATE TABLE ${quoteIdent(`${name.slice(name.indexOf(".") + 1)}_backup`)} AS TABLE ${table};`,
          `-- Say which rows go, and delete in batches (short transactions, short locks):`,
          `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE <condition> LIMIT 10000); -- repeat until no row is left`,
        ].join("\n"),
      },
    ];
  },
});
