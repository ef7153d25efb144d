import type { Constraint } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, quoteIdent, quoteQualified, stringValue } from "@rollsafe/core";
import { alterTableCommands, columnOf } from "./support/alter-table.js";
import { replacedForeignKey } from "./support/foreign-key-readd.js";
import { commandText } from "./support/migration-scan.js";

/** ON DELETE actions that let a parent row go while children reference it. */
const DELETE_FOLLOWS = new Set(["c", "n", "d"]);

export default defineRule(import.meta.url, {
  meta: {
    description: "Adding a foreign key on existing columns of an existing table makes the previous release's orphan inserts and parent deletes fail, NOT VALID or not.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: ["adding-foreign-key-constraint"], strongMigrations: ["add_foreign_key"], atlas: ["PG306"], eugene: ["E1"] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      default:
        'A foreign key on ({{columns}}) of existing table "{{table}}" to "{{parent}}" is added: the previous release may still write values of ({{columns}}) with no row in "{{parent}}"{{deletes}}, which now fail. {{validity}}',
    },
  },
  check(statement, context) {
    return alterTableCommands(statement, context).flatMap((command) => {
      const def = (command.cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
      if (command.cmd.subtype !== "AT_AddConstraint" || def?.contype !== "CONSTR_FOREIGN" || command.tableIsNew) return [];
      if (def.is_enforced === false) return [];
      const parent = nameOfRangeVar(def.pktable);
      const columns = (def.fk_attrs ?? []).map(stringValue).filter((c): c is string => !!c);
      if (!parent || columns.length === 0) return [];
      // Columns this change added hold NULL in every row the previous release writes, and NULL references nothing.
      if (columns.every((c) => columnOf(command, c)?.origin === context.unit)) return [];
      // Re-added after this change dropped it (drizzle-kit's way of changing ON DELETE): no new restriction when no stricter.
      if (replacedForeignKey(command.tableBefore, def, context.unit)) return [];
      const rel = command.tableName.split(".")[1] ?? "";
      const name = def.conname ?? `${rel}_${columns.join("_")}_fkey`;
      const table = quoteQualified(command.tableName);
      const text = commandText(command, context);
      const at = text.search(/\bFOREIGN\s+KEY\b/i);
      const body = at >= 0 ? text.slice(at).replace(/\s+NOT\s+VALID\s*$/i, "") : `FOREIGN KEY (${columns.map(quoteIdent).join(", ")}) REFERENCES ${quoteQualified(parent)}`;
      return [
        {
          messageId: "default" as const,
          data: {
            columns: columns.join(", "),
            table: displayName(command.tableName),
            parent: displayName(parent),
            deletes: DELETE_FOLLOWS.has(def.fk_del_action ?? "a") ? "" : `, or delete rows of "${displayName(parent)}" that rows of "${displayName(command.tableName)}" still reference`,
            validity: def.skip_validation
              ? "NOT VALID only skips checking the rows already there; every row the previous release writes is checked."
              : "The statement also fails if orphans exist, and it scans the table while holding locks on both tables.",
          },
          range: command.range(),
          saferAlternative: [
            `-- Release 1: ship code that never writes orphans and deletes children before parents; delete or fix existing orphans.`,
            `-- Release 2, once no running or rollback-target version writes orphans: add it without a long lock, then validate.`,
            `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(name)} ${body} NOT VALID;`,
            `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(name)};`,
          ].join("\n"),
        },
      ];
    });
  },
});
