import { defineRule, displayName, quoteIdent, quoteQualified, type RuleReport } from "@rollsafe/core";
import { alterTableCommands, columnOf, type AlterCommand } from "./support/alter-table.js";
import { describeLock } from "./support/locks.js";

type MessageId = "scan" | "scanBefore12";

/** A validated CHECK constraint that proves the column non-null, from any earlier migration or statement. */
function hasValidatedNotNullCheck(command: AlterCommand, column: string): boolean {
  return [...command.tableBefore.constraints.values()].some((c) => c.kind === "check" && c.validated && c.provesNotNull?.includes(column));
}

export default defineRule(import.meta.url, {
  meta: {
    description: "SET NOT NULL on an existing table scans every row under an ACCESS EXCLUSIVE lock, unless (PostgreSQL 12 and later) a validated CHECK (column IS NOT NULL) already proves it.",
    category: "locking",
    severity: "error",
    equivalents: { squawk: ["adding-not-nullable-field"], strongMigrations: ["change_column_null_postgresql"], atlas: ["PG303"], eugene: ["E2"] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      scan: 'SET NOT NULL on column "{{column}}" of existing table "{{table}}" scans every row for NULLs while holding {{lock}}. Prove it first with a validated CHECK ({{column}} IS NOT NULL): PostgreSQL then skips the scan.',
      scanBefore12:
        'SET NOT NULL on column "{{column}}" of existing table "{{table}}" scans every row for NULLs while holding {{lock}}, and PostgreSQL {{version}} scans even when a validated CHECK proves the column non-null (that shortcut arrived in 12). A validated CHECK ({{column}} IS NOT NULL) enforces the same without the long lock.',
    },
  },
  check(statement, context): RuleReport<MessageId>[] {
    return alterTableCommands(statement, context).flatMap((command): RuleReport<MessageId>[] => {
      const name = command.cmd.name;
      if (command.cmd.subtype !== "AT_SetNotNull" || !name || command.tableIsNew) return [];
      const column = columnOf(command, name);
      if (column?.notNull) return [];
      const before12 = context.postgresVersion < 12;
      if (!before12 && hasValidatedNotNullCheck(command, name)) return [];
      const table = quoteQualified(command.tableName);
      const col = quoteIdent(name);
      const check = quoteIdent(`${command.tableName.slice(command.tableName.indexOf(".") + 1)}_${name}_not_null`);
      const prove = [
        `-- Instant: checks new and updated rows only.`,
        `ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${col} IS NOT NULL) NOT VALID;`,
        `-- In a separate transaction: scans under SHARE UPDATE EXCLUSIVE, so reads and writes continue.`,
        `ALTER TABLE ${table} VALIDATE CONSTRAINT ${check};`,
      ];
      const saferAlternative = before12
        ? [...prove, `-- Keep the CHECK instead of SET NOT NULL until the server runs PostgreSQL 12 or later.`].join("\n")
        : [...prove, `-- Now instant: the validated CHECK proves there is no NULL.`, `ALTER TABLE ${table} ALTER COLUMN ${col} SET NOT NULL;`, `ALTER TABLE ${table} DROP CONSTRAINT ${check};`].join("\n");
      const data = { column: name, table: displayName(command.tableName), lock: describeLock("ACCESS EXCLUSIVE"), version: String(context.postgresVersion) };
      return [{ messageId: before12 ? "scanBefore12" : "scan", data, range: command.range(), saferAlternative }];
    });
  },
});
