import type { ColumnDef, Constraint as ConstraintNode } from "@pgsql/types";
import { defineRule, displayName, quoteIdent, quoteQualified, stringValue, type RuleReport } from "@rollsafe/core";
import { alterTableCommands } from "./support/alter-table.js";
import { describeLock, outsideTransaction } from "./support/locks.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "ADD UNIQUE or ADD PRIMARY KEY on an existing table builds its index under an ACCESS EXCLUSIVE lock; build the index concurrently first and attach it with USING INDEX.",
    category: "locking",
    severity: "error",
    equivalents: { squawk: ["disallowed-unique-constraint", "adding-serial-primary-key-field"], strongMigrations: ["add_unique_constraint"], atlas: ["PG104", "PG105"], eugene: ["E7"] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      constraint:
        'ADD {{kind}} on existing table "{{table}}" builds a unique index over every row while holding {{lock}}. Build the index with CREATE UNIQUE INDEX CONCURRENTLY, then attach it with ADD CONSTRAINT ... USING INDEX (instant).',
    },
  },
  check(statement, context): RuleReport<"constraint">[] {
    return alterTableCommands(statement, context).flatMap((command) => {
      if (command.tableIsNew) return [];
      const def = command.cmd.def as { Constraint?: ConstraintNode; ColumnDef?: ColumnDef } | undefined;
      let constraints: { node: ConstraintNode; columns: string[] }[] = [];
      if (command.cmd.subtype === "AT_AddConstraint" && def?.Constraint) {
        constraints = [{ node: def.Constraint, columns: (def.Constraint.keys ?? []).map(stringValue).filter((s): s is string => !!s) }];
      } else if (command.cmd.subtype === "AT_AddColumn" && def?.ColumnDef) {
        // ADD COLUMN x ... UNIQUE / PRIMARY KEY: the same index build, over the new column.
        const column = def.ColumnDef.colname ?? "";
        constraints = (def.ColumnDef.constraints ?? []).flatMap((c) => ("Constraint" in c ? [{ node: c.Constraint, columns: [column] }] : []));
      }
      return constraints.flatMap(({ node, columns }) => {
        // USING INDEX attaches an index built before: no build under the lock.
        if ((node.contype !== "CONSTR_UNIQUE" && node.contype !== "CONSTR_PRIMARY") || node.indexname) return [];
        const isPrimary = node.contype === "CONSTR_PRIMARY";
        const kind = isPrimary ? "PRIMARY KEY" : "UNIQUE";
        const rel = command.tableName.slice(command.tableName.indexOf(".") + 1);
        const name = node.conname ?? (isPrimary ? `${rel}_pkey` : `${[rel, ...columns].join("_")}_key`);
        const table = quoteQualified(command.tableName);
        const cols = columns.length > 0 ? columns.map(quoteIdent).join(", ") : "<columns>";
        const lines = [
          ...(command.cmd.subtype === "AT_AddColumn" ? [`-- Add the column without ${kind} first, then:`] : []),
          outsideTransaction(context),
          `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${table} (${cols});`,
          ...(isPrimary ? [`-- PRIMARY KEY makes its columns NOT NULL: set them NOT NULL first (see setting-not-null-scan), or this step scans the table.`] : []),
          `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(name)} ${kind} USING INDEX ${quoteIdent(name)};`,
        ];
        return [
          {
            messageId: "constraint" as const,
            data: { kind, table: displayName(command.tableName), lock: describeLock("ACCESS EXCLUSIVE") },
            range: command.range(),
            saferAlternative: lines.join("\n"),
          },
        ];
      });
    });
  },
});
