import type { Constraint, IndexStmt } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, qualify, quoteIdent, quoteQualified, stringValue, type Column, type RuleContext, type RuleReport } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { alterTableCommands, columnOf } from "./support/alter-table.js";

type MessageId = "constraint" | "index";

/**
 * A UNIQUE constraint or index over columns that this change added, with no default and no
 * expression, restricts nothing old code writes: it never sets those columns, so its rows hold NULL
 * there, and NULLs never collide (unless NULLS NOT DISTINCT). drizzle-kit writes exactly this for a
 * new `.unique()` column. Identity columns draw distinct values from their sequence.
 */
function onlyFreshColumns(columns: readonly (Column | undefined)[], nullsNotDistinct: boolean | undefined, context: RuleContext): boolean {
  if (columns.length === 0 || nullsNotDistinct) return false;
  return columns.every((c) => c !== undefined && c.origin === context.unit && (c.identity || (!c.hasDefault && !c.generated)));
}

/** Column names of an index, with `<expression>` for the elements that are expressions. */
function indexColumns(stmt: IndexStmt): string[] {
  return (stmt.indexParams ?? []).map((p) => ("IndexElem" in p && p.IndexElem.name ? p.IndexElem.name : "<expression>"));
}

function alternative(tableName: string, columns: string[], indexName: string): string {
  const table = quoteQualified(tableName);
  const cols = columns.length > 0 ? columns.map(quoteIdent).join(", ") : "<columns>";
  return [
    `-- 1. Make sure no running version can write duplicates (deploy the code first), then remove existing ones.`,
    `-- 2. Build the index without blocking writes (outside a transaction):`,
    `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdent(indexName)} ON ${table} (${cols});`,
    `-- 3. If you need a constraint, attach the index (instant):`,
    `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(indexName)} UNIQUE USING INDEX ${quoteIdent(indexName)};`,
  ].join("\n");
}

function fromAlterTable(statement: Statement, context: RuleContext): RuleReport<MessageId>[] {
  return alterTableCommands(statement, context).flatMap((command) => {
    const def = (command.cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
    if (command.cmd.subtype !== "AT_AddConstraint" || !def || command.tableIsNew) return [];
    if (def.contype !== "CONSTR_UNIQUE" && def.contype !== "CONSTR_PRIMARY") return [];
    let columns = (def.keys ?? []).map(stringValue).filter((c): c is string => !!c);
    // USING INDEX of an index built before this change adds no new restriction: it was already enforced.
    if (def.indexname) {
      const index = context.model.indexes.get(qualify(command.tableName.split(".")[0], def.indexname));
      if (!index || index.origin !== context.unit) return [];
      columns = index.columns;
    }
    if (def.contype === "CONSTR_UNIQUE" && onlyFreshColumns(columns.map((c) => columnOf(command, c)), def.nulls_not_distinct, context)) return [];
    const rel = command.tableName.split(".")[1] ?? "";
    const kind = def.contype === "CONSTR_PRIMARY" ? "PRIMARY KEY" : "UNIQUE";
    return [
      {
        messageId: "constraint" as const,
        data: { kind, table: displayName(command.tableName), columns: columns.join(", ") || "the index's columns" },
        range: command.range(),
        saferAlternative: alternative(command.tableName, columns, def.conname ?? `${rel}_${columns.join("_")}_key`),
      },
    ];
  });
}

function fromCreateIndex(statement: Statement, context: RuleContext): RuleReport<MessageId>[] {
  const stmt = (statement.node as { IndexStmt?: IndexStmt }).IndexStmt;
  const tableName = nameOfRangeVar(stmt?.relation);
  if (!stmt?.unique || !tableName) return [];
  const table = context.model.tableOrUnknown(tableName);
  if (table.origin === context.unit) return [];
  const columns = indexColumns(stmt);
  if (onlyFreshColumns(columns.map((c) => table.columns.get(c)), stmt.nulls_not_distinct, context)) return [];
  const named = columns.filter((c) => c !== "<expression>");
  return [
    {
      messageId: "index" as const,
      data: { table: displayName(tableName), columns: columns.join(", ") },
      saferAlternative: alternative(tableName, named.length === columns.length ? columns : [], stmt.idxname ?? `${tableName.split(".")[1]}_${named.join("_")}_key`),
    },
  ];
}

export default defineRule(import.meta.url, {
  meta: {
    description: "Adding a UNIQUE or PRIMARY KEY constraint, or a unique index, to an existing table makes the previous release's duplicate writes fail.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: ["disallowed-unique-constraint"], strongMigrations: ["add_unique_constraint"], atlas: ["MF101", "MF102", "PG105"], eugene: ["E7"] },
    statementKinds: ["AlterTableStmt", "IndexStmt"],
    messages: {
      constraint:
        'A {{kind}} constraint on ({{columns}}) is added to existing table "{{table}}": the previous release may still write duplicates, which now fail, and the migration fails if duplicates exist. Without a prebuilt index it also locks the table while the index builds.',
      index:
        'A unique index on ({{columns}}) is created on existing table "{{table}}": the previous release may still write duplicates, which now fail, and the build fails if duplicates exist.',
    },
  },
  check(statement, context) {
    return statement.kind === "IndexStmt" ? fromCreateIndex(statement, context) : fromAlterTable(statement, context);
  },
});
