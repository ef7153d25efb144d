import type { UpdateStmt } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, quoteIdent, quoteQualified } from "@rollsafe/core";

export default defineRule(import.meta.url, {
  meta: {
    description: "UPDATE without WHERE on existing columns of an existing table overwrites every row's values, which no rollback brings back, and locks every row for the whole statement.",
    category: "data-loss",
    severity: "error",
    equivalents: { squawk: [], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["UpdateStmt"],
    messages: {
      default:
        'UPDATE without WHERE overwrites {{columns}} in every row of table "{{table}}": the old values are gone for good, so a down migration or a rollback of the code cannot restore them. On a big table it also runs long in one transaction, holding a lock on every row that blocks the application\'s writes, and leaves a dead copy of each row behind.',
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { UpdateStmt?: UpdateStmt }).UpdateStmt;
    const name = nameOfRangeVar(stmt?.relation);
    if (!stmt || stmt.whereClause || !name) return [];
    const table = context.model.tableOrUnknown(name);
    if (table.origin === context.unit) return [];
    const columns = [...new Set((stmt.targetList ?? []).flatMap((t) => ("ResTarget" in t && t.ResTarget.name ? [t.ResTarget.name] : [])))];
    // Filling columns this change added overwrites nothing anyone wrote (the usual backfill).
    if (columns.length > 0 && columns.every((c) => table.columns.get(c)?.origin === context.unit)) return [];
    const key = [...table.constraints.values()].find((c) => c.kind === "primary-key")?.columns[0];
    const quoted = quoteQualified(name);
    const batchKey = key ? quoteIdent(key) : "<key>";
    return [
      {
        messageId: "default" as const,
        data: { columns: columns.map((c) => `"${c}"`).join(", ") || "columns", table: displayName(name) },
        saferAlternative: [
          `-- Keep the values the update overwrites, so that a rollback can restore them:`,
          `CREATE TABLE ${quoteIdent(`${name.slice(name.indexOf(".") + 1)}_backup`)} AS SELECT ${[batchKey, ...columns.map(quoteIdent)].join(", ")} FROM ${quoted};`,
          `-- Say which rows change, and update in batches (short transactions, short row locks):`,
          `UPDATE ${quoted} SET ${columns.map((c) => `${quoteIdent(c)} = <value>`).join(", ") || "<column> = <value>"} WHERE <condition> AND ${batchKey} BETWEEN 1 AND 10000; -- next batch: 10001 to 20000, ...`,
        ].join("\n"),
      },
    ];
  },
});
