import type { Node } from "@pgsql/types";
import { defineRule, displayName, nameOfList, quoteIdent, quoteQualified, type RuleContext } from "@rollsafe/core";

/** SQL string literal. */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** A column of the enum type, for the backfill in the safer alternative. */
function columnOfEnum(enumName: string, context: RuleContext): { table: string; column: string } | undefined {
  const short = enumName.startsWith("public.") ? enumName.slice("public.".length) : enumName;
  for (const table of context.model.tables.values()) {
    for (const column of table.columns.values()) if (column.type?.name === short) return { table: table.name, column: column.name };
  }
  return undefined;
}

export default defineRule(import.meta.url, {
  meta: {
    description: "Renaming a value of an existing enum breaks the previous release, which still writes and compares the old spelling.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: [], strongMigrations: ["rename_enum_value"], atlas: [], eugene: [] },
    statementKinds: ["AlterEnumStmt"],
    messages: {
      default:
        "Value '{{from}}' of existing enum \"{{type}}\" is renamed to '{{to}}': the previous release still writes '{{from}}', which now fails (invalid input value for enum), and its comparisons with '{{from}}' no longer match.",
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { AlterEnumStmt?: { typeName?: Node[]; oldVal?: string; newVal?: string } }).AlterEnumStmt;
    const name = nameOfList(stmt?.typeName);
    if (!stmt?.oldVal || !stmt.newVal || !name) return [];
    // An enum the model never saw counts as existing (RENAME VALUE applies only to enums).
    const type = context.model.enums.get(name);
    if (type && type.origin === context.unit) return [];
    const target = columnOfEnum(name, context);
    const table = target ? quoteQualified(target.table) : "<table>";
    const column = target ? quoteIdent(target.column) : "<column>";
    return [
      {
        messageId: "default" as const,
        data: { from: stmt.oldVal, to: stmt.newVal, type: displayName(name) },
        saferAlternative: [
          `-- Release 1 (expand): add the new spelling; ship code that writes it and reads both.`,
          `ALTER TYPE ${quoteQualified(name)} ADD VALUE IF NOT EXISTS ${literal(stmt.newVal)};`,
          `-- Release 2 (in its own transaction, after the value is committed): move the rows, in batches on big tables.`,
          `UPDATE ${table} SET ${column} = ${literal(stmt.newVal)} WHERE ${column} = ${literal(stmt.oldVal)};`,
          `-- Leave ${literal(stmt.oldVal)} in the enum, unused: PostgreSQL cannot drop an enum value in place.`,
        ].join("\n"),
      },
    ];
  },
});
