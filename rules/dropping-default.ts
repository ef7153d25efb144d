import { defineRule, displayName, quoteIdent, quoteQualified } from "@rollsafe/core";
import { alterTableCommands, columnIsNew, columnOf } from "./support/alter-table.js";
import { alterCommandsOn, statementsAfter } from "./support/migration-scan.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping the DEFAULT of an existing NOT NULL column breaks the previous release's inserts that leave the column out.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: [], strongMigrations: ["change_column_default"], atlas: [], eugene: [] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      default:
        'The DEFAULT of NOT NULL column "{{column}}" of existing table "{{table}}" is dropped: the previous release may insert rows without "{{column}}", relying on the default, and those inserts now fail with a not-null violation.',
    },
  },
  check(statement, context) {
    const commands = alterTableCommands(statement, context);
    return commands.flatMap((command, index) => {
      const name = command.cmd.name;
      if (command.cmd.subtype !== "AT_ColumnDefault" || command.cmd.def !== undefined || !name || columnIsNew(command, name, context)) return [];
      const column = columnOf(command, name);
      // A nullable column gets NULL instead of the default: different, but no failure. Unknown columns: nothing to go on.
      if (!column?.notNull || !column.hasDefault || column.identity || column.generated) return [];
      // Set again later in the same migration (Prisma drops and restores the default around an enum swap).
      const setsDefault = (cmds: readonly { subtype?: string; name?: string; def?: unknown }[]) =>
        cmds.some((c) => c.name === name && ((c.subtype === "AT_ColumnDefault" && c.def !== undefined) || c.subtype === "AT_DropNotNull"));
      if (setsDefault(commands.slice(index + 1).map((c) => c.cmd))) return [];
      if (statementsAfter(context).some((s) => setsDefault(alterCommandsOn(s, command.tableName)))) return [];
      const table = quoteQualified(command.tableName);
      return [
        {
          messageId: "default" as const,
          data: { column: name, table: displayName(command.tableName) },
          range: command.range(),
          saferAlternative: [
            `-- Release 1: ship code that always writes ${quoteIdent(name)} in its INSERTs.`,
            `-- Release 2, once no running or rollback-target version leaves it out:`,
            `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(name)} DROP DEFAULT;`,
          ].join("\n"),
        },
      ];
    });
  },
});
