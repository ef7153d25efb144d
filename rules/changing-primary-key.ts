import type { Constraint } from "@pgsql/types";
import { defineRule, displayName, quoteIdent, quoteQualified, stringValue } from "@rollsafe/core";
import { alterTableCommands } from "./support/alter-table.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping or replacing the primary key of an existing table breaks the previous release's row identity: its updates, upserts and foreign keys rely on it.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: [], strongMigrations: [], atlas: ["PG104"], eugene: [] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      dropped:
        'The primary key "{{name}}"{{columns}} of existing table "{{table}}" is dropped: the previous release identifies rows by it (ORM updates and deletes, ON CONFLICT on the key), duplicates become possible, and foreign keys that reference it block the drop or go with CASCADE.',
      replaced:
        'The primary key "{{name}}"{{columns}} of existing table "{{table}}" is replaced by one on ({{newColumns}}): the previous release identifies rows by the old key (ORM updates and deletes, ON CONFLICT on the key), and foreign keys that reference it block the drop or go with CASCADE.',
    },
  },
  check(statement, context) {
    const commands = alterTableCommands(statement, context);
    const added = commands
      .map((c) => (c.cmd.subtype === "AT_AddConstraint" ? (c.cmd.def as { Constraint?: Constraint } | undefined)?.Constraint : undefined))
      .find((def) => def?.contype === "CONSTR_PRIMARY");
    return commands.flatMap((command) => {
      const name = command.cmd.name;
      if (command.cmd.subtype !== "AT_DropConstraint" || !name || command.tableIsNew) return [];
      const rel = command.tableName.split(".")[1] ?? "";
      const constraint = command.tableBefore.constraints.get(name);
      // On a table the model never saw created, the default name of a primary key gives it away.
      const isPrimaryKey = constraint ? constraint.kind === "primary-key" : !command.table.columnsKnown && name === `${rel}_pkey`;
      if (!isPrimaryKey || constraint?.origin === context.unit) return [];
      const columns = constraint && constraint.columns.length > 0 ? ` (${constraint.columns.join(", ")})` : "";
      const newColumns = (added?.keys ?? []).map(stringValue).filter((c): c is string => !!c);
      const table = quoteQualified(command.tableName);
      return [
        {
          messageId: added ? ("replaced" as const) : ("dropped" as const),
          data: { name, columns, newColumns: newColumns.join(", ") || "the index's columns", table: displayName(command.tableName) },
          range: command.range(),
          saferAlternative: [
            `-- Keep the old key unique while the code moves over, and build the new one without blocking writes:`,
            `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdent(`${rel}_${newColumns.join("_") || "new"}_key`)} ON ${table} (${newColumns.map(quoteIdent).join(", ") || "<columns>"});`,
            `-- Release 1: ship code that identifies rows by the new key; repoint foreign keys to it.`,
            `-- Release 2, once no running or rollback-target version relies on the old key, swap them in one short lock:`,
            `ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(name)}, ADD CONSTRAINT ${quoteIdent(name)} PRIMARY KEY USING INDEX ${quoteIdent(`${rel}_${newColumns.join("_") || "new"}_key`)};`,
          ].join("\n"),
        },
      ];
    });
  },
});
