import type { Constraint } from "@pgsql/types";
import { defineRule, displayName, quoteIdent, quoteQualified } from "@rollsafe/core";
import { alterTableCommands, columnOf } from "./support/alter-table.js";
import { commandText, referencedColumns } from "./support/migration-scan.js";

/** `col IS NOT NULL`, alone: the first step of the documented SET NOT NULL recipe. */
function notNullColumn(def: Constraint): string | undefined {
  const expr = def.raw_expr as { NullTest?: { arg?: unknown; nulltesttype?: string } } | undefined;
  if (expr?.NullTest?.nulltesttype !== "IS_NOT_NULL") return undefined;
  const [column] = referencedColumns(expr.NullTest.arg);
  return column;
}

export default defineRule(import.meta.url, {
  meta: {
    description: "Adding a CHECK constraint to an existing table makes the previous release's writes that violate it fail, NOT VALID or not.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: ["constraint-missing-not-valid"], strongMigrations: ["add_check_constraint"], atlas: ["PG305"], eugene: ["E1"] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      default:
        'A CHECK constraint on ({{columns}}) is added to existing table "{{table}}": the previous release may still insert or update rows it rejects, which now fail. {{validity}}',
      notNull:
        'A CHECK ("{{column}}" IS NOT NULL) is added to existing table "{{table}}": it is the first step of the SET NOT NULL recipe, and from now on every NULL the previous release writes to "{{column}}" fails. {{validity}}',
    },
  },
  check(statement, context) {
    return alterTableCommands(statement, context).flatMap((command) => {
      const def = (command.cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
      if (command.cmd.subtype !== "AT_AddConstraint" || def?.contype !== "CONSTR_CHECK" || command.tableIsNew) return [];
      // PostgreSQL 18: NOT ENFORCED constraints check nothing.
      if (def.is_enforced === false) return [];
      const columns = referencedColumns(def.raw_expr);
      // A check on columns this change added: old code never writes them, so its rows hold NULL or the default (which the check must accept, or the statement fails).
      if (columns.length > 0 && columns.every((c) => columnOf(command, c)?.origin === context.unit)) return [];
      const rel = command.tableName.split(".")[1] ?? "";
      const name = def.conname ?? `${rel}_${columns[0] ?? ""}_check`;
      const table = quoteQualified(command.tableName);
      const text = commandText(command, context);
      const at = text.search(/\bCHECK\s*\(/i);
      const check = at >= 0 ? text.slice(at).replace(/\s+NOT\s+VALID\s*$/i, "") : "CHECK (<condition>)";
      const validity = def.skip_validation
        ? "NOT VALID only skips checking the rows already there; every row the previous release writes is checked."
        : "The statement also fails if existing rows violate it, and it scans the table under a lock that blocks writes.";
      const column = notNullColumn(def);
      return [
        {
          messageId: column ? ("notNull" as const) : ("default" as const),
          data: { columns: columns.join(", ") || "an expression", column: column ?? "", table: displayName(command.tableName), validity },
          range: command.range(),
          saferAlternative: [
            `-- Release 1: ship code that never writes rows the check rejects; fix existing rows in batches.`,
            `-- Release 2, once no running or rollback-target version writes such rows: add it without a long lock, then validate.`,
            `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(name)} ${check} NOT VALID;`,
            `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(name)};`,
          ].join("\n"),
        },
      ];
    });
  },
});
