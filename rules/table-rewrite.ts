import type { ClusterStmt, ColumnDef, Node, VacuumStmt } from "@pgsql/types";
import { columnTypeOf, defineRule, displayName, formatColumnType, nameOfRangeVar, quoteIdent, quoteQualified, stringValue, typeChangeVerdict, type QualifiedName, type RuleContext, type RuleReport } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { alterTableCommands, type AlterCommand } from "./support/alter-table.js";
import { describeLock, tableIsNew, vacuumIsFull } from "./support/locks.js";

type MessageId = "alterType" | "volatileDefault" | "defaultBefore11" | "generatedStored" | "setPersistence" | "vacuumFull" | "cluster";

/** Built-in volatile functions seen in column defaults (a volatile default is computed per row). */
const VOLATILE_FUNCTIONS = new Set(["gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7", "random", "clock_timestamp", "timeofday", "nextval", "random_normal", "txid_current", "gen_random_bytes"]);

/** The first volatile function an expression calls, if any. */
function volatileCall(node: unknown): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  const call = (node as { FuncCall?: { funcname?: Node[] } }).FuncCall;
  if (call) {
    const names = (call.funcname ?? []).map(stringValue);
    const name = names[names.length - 1];
    if (name && VOLATILE_FUNCTIONS.has(name)) return `${name}()`;
  }
  for (const value of Object.values(node as Record<string, unknown>)) {
    const found = Array.isArray(value) ? value.map(volatileCall).find(Boolean) : volatileCall(value);
    if (found) return found;
  }
  return undefined;
}

/** A constant default as SQL, or a placeholder. */
function constantSql(node: Node | undefined): string {
  if (!node) return "<default>";
  if ("A_Const" in node) {
    const c = node.A_Const;
    if (c.ival) return String(c.ival.ival ?? 0);
    if (c.fval) return c.fval.fval ?? "<default>";
    if (c.boolval) return c.boolval.boolval ? "true" : "false";
    if (c.sval) return `'${(c.sval.sval ?? "").replace(/'/g, "''")}'`;
  }
  if ("TypeCast" in node) {
    const type = columnTypeOf(node.TypeCast.typeName);
    const arg = constantSql(node.TypeCast.arg);
    return type && arg !== "<default>" ? `${arg}::${formatColumnType(type)}` : "<default>";
  }
  return "<default>";
}

function isNullConstant(node: Node | undefined): boolean {
  return !!node && "A_Const" in node && !!node.A_Const.isnull;
}

function expandColumn(table: string, column: string, type: string, value: string, note: string): string {
  const col = quoteIdent(column);
  return [
    `-- Instant: a nullable column without a default.`,
    `ALTER TABLE ${table} ADD COLUMN ${col} ${type};`,
    note,
    `UPDATE ${table} SET ${col} = ${value} WHERE ${col} IS NULL; -- in batches of a few thousand rows`,
  ].join("\n");
}

function fromAddColumn(command: AlterCommand, context: RuleContext): RuleReport<MessageId>[] {
  const def = (command.cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
  if (!def?.colname) return [];
  const column = def.colname;
  const type = columnTypeOf(def.typeName);
  const typeSql = type ? formatColumnType(type) : "<type>";
  const table = quoteQualified(command.tableName);
  const lock = describeLock("ACCESS EXCLUSIVE");
  const base = { column, table: displayName(command.tableName), lock };
  const constraints = (def.constraints ?? []).flatMap((c) => ("Constraint" in c ? [c.Constraint] : []));
  const generated = constraints.find((c) => c.contype === "CONSTR_GENERATED");
  if (generated && generated.generated_kind !== "v") {
    return [
      {
        messageId: "generatedStored",
        data: base,
        range: command.range(),
        saferAlternative: expandColumn(table, column, typeSql, "<expression>", `-- Keep it filled for new rows (application or trigger), then backfill old rows:`),
      },
    ];
  }
  const serial = def.typeName && /serial/i.test((def.typeName.names ?? []).map(stringValue).join("."));
  const identity = constraints.some((c) => c.contype === "CONSTR_IDENTITY");
  const defaultExpr = constraints.find((c) => c.contype === "CONSTR_DEFAULT")?.raw_expr;
  const volatile = serial ? "nextval() of a new serial sequence" : identity ? "nextval() of a new identity sequence" : volatileCall(defaultExpr);
  if (volatile) {
    if (serial || identity) {
      const sequence = quoteQualified(`${command.tableName}_${column}_seq`);
      const value = `nextval('${sequence.replace(/'/g, "''")}')`;
      const setDefault = [
        `CREATE SEQUENCE IF NOT EXISTS ${sequence} OWNED BY ${table}.${quoteIdent(column)};`,
        `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(column)} SET DEFAULT ${value}; -- new rows only, instant`,
      ].join("\n");
      return [{ messageId: "volatileDefault", data: { ...base, expr: volatile }, range: command.range(), saferAlternative: expandColumn(table, column, typeSql, value, setDefault) }];
    }
    const value = defaultExpr && "FuncCall" in defaultExpr && (defaultExpr.FuncCall.args ?? []).length === 0 ? volatile : "<default>";
    const setDefault = `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(column)} SET DEFAULT ${value}; -- new rows only, instant`;
    return [{ messageId: "volatileDefault", data: { ...base, expr: volatile }, range: command.range(), saferAlternative: expandColumn(table, column, typeSql, value, setDefault) }];
  }
  if (context.postgresVersion < 11 && defaultExpr && !isNullConstant(defaultExpr)) {
    const value = constantSql(defaultExpr);
    const setDefault = `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(column)} SET DEFAULT ${value}; -- new rows only, instant`;
    return [{ messageId: "defaultBefore11", data: { ...base, version: String(context.postgresVersion) }, range: command.range(), saferAlternative: expandColumn(table, column, typeSql, value, setDefault) }];
  }
  return [];
}

function fromAlterTable(statement: Statement, context: RuleContext): RuleReport<MessageId>[] {
  return alterTableCommands(statement, context).flatMap((command): RuleReport<MessageId>[] => {
    if (command.tableIsNew) return [];
    const lock = describeLock("ACCESS EXCLUSIVE");
    const table = quoteQualified(command.tableName);
    switch (command.cmd.subtype) {
      case "AT_AddColumn":
        return fromAddColumn(command, context);
      case "AT_AlterColumnType": {
        const column = command.cmd.name;
        const def = (command.cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
        const to = columnTypeOf(def?.typeName);
        const from = column ? command.tableBefore.columns.get(column)?.type : undefined;
        if (!column || !to || !from) return [];
        const verdict = typeChangeVerdict(from, to);
        // USING computes every value anew: a rewrite even between compatible types.
        if (verdict.compatible && !def?.raw_default) return [];
        const reason = verdict.compatible ? "with a USING expression" : verdict.reason;
        const col = quoteIdent(column);
        const temp = quoteIdent(`${column}_new`);
        return [
          {
            messageId: "alterType",
            data: { column, table: displayName(command.tableName), from: formatColumnType(from), to: formatColumnType(to), reason, lock },
            range: command.range(),
            saferAlternative: [
              `-- Expand: a new column of the new type, written by the application alongside the old one, backfilled in batches:`,
              `ALTER TABLE ${table} ADD COLUMN ${temp} ${formatColumnType(to)};`,
              `UPDATE ${table} SET ${temp} = ${col}::${formatColumnType(to)} WHERE ${temp} IS NULL; -- in batches`,
              `-- Contract (a later release, when no running version reads ${col}): switch reads, then drop the old column.`,
            ].join("\n"),
          },
        ];
      }
      case "AT_SetLogged":
      case "AT_SetUnLogged": {
        const what = command.cmd.subtype === "AT_SetLogged" ? "LOGGED" : "UNLOGGED";
        return [{ messageId: "setPersistence", data: { what, table: displayName(command.tableName), lock }, range: command.range(), saferAlternative: `-- No online form: run it in a maintenance window, or build a new ${what.toLowerCase()} table and switch to it.\nALTER TABLE ${table} SET ${what};` }];
      }
      default:
        return [];
    }
  });
}

function targets(names: (QualifiedName | undefined)[], context: RuleContext): { shown: string; sql: string[] } | undefined {
  const known = names.filter((n): n is QualifiedName => !!n);
  if (names.length === 0) return { shown: "every table", sql: [] };
  const existing = known.filter((n) => !tableIsNew(context, n));
  if (existing.length === 0) return undefined;
  return { shown: existing.map((n) => `"${displayName(n)}"`).join(", "), sql: existing.map(quoteQualified) };
}

function repack(sql: string[]): string {
  const tables = sql.length > 0 ? sql : ["<table>"];
  return [
    `-- Rebuild online with the pg_repack extension instead (outside the migration: pg_repack --table=<table>), or reclaim space for reuse without a rewrite:`,
    ...tables.map((t) => `VACUUM (ANALYZE) ${t};`),
  ].join("\n");
}

export default defineRule(import.meta.url, {
  meta: {
    description: "Statements that rewrite an existing table (type changes, volatile or pre-11 defaults, stored generated columns, SET LOGGED/UNLOGGED, VACUUM FULL, CLUSTER) hold an ACCESS EXCLUSIVE lock for the whole rewrite.",
    category: "locking",
    severity: "error",
    equivalents: {
      squawk: ["changing-column-type", "adding-field-with-default", "adding-serial-primary-key-field", "prefer-repack"],
      strongMigrations: ["change_column", "add_column_default", "add_column_default_callable", "add_column_generated_stored", "add_column_auto_incrementing"],
      atlas: ["PG301", "PG302"],
      eugene: ["E5", "E10", "E11"],
    },
    statementKinds: ["AlterTableStmt", "VacuumStmt", "ClusterStmt"],
    messages: {
      alterType:
        'Column "{{column}}" of existing table "{{table}}" changes type from {{from}} to {{to}} ({{reason}}): PostgreSQL rewrites the table and rebuilds its indexes while holding {{lock}}.',
      volatileDefault:
        'Column "{{column}}" is added to existing table "{{table}}" with a volatile default ({{expr}}): PostgreSQL computes it for every row, rewriting the table while holding {{lock}}.',
      defaultBefore11:
        'Column "{{column}}" is added to existing table "{{table}}" with a DEFAULT: PostgreSQL {{version}} writes it into every row (instant only from 11), rewriting the table while holding {{lock}}.',
      generatedStored:
        'Stored generated column "{{column}}" is added to existing table "{{table}}": PostgreSQL computes it for every row, rewriting the table while holding {{lock}}.',
      setPersistence: 'SET {{what}} rewrites existing table "{{table}}" while holding {{lock}}.',
      vacuumFull: "VACUUM FULL rewrites {{target}} while holding {{lock}}.",
      cluster: "CLUSTER rewrites {{target}} in index order while holding {{lock}}.",
    },
  },
  check(statement, context): RuleReport<MessageId>[] {
    const lock = describeLock("ACCESS EXCLUSIVE");
    if (statement.kind === "VacuumStmt") {
      const stmt = (statement.node as { VacuumStmt?: VacuumStmt }).VacuumStmt;
      if (!stmt?.is_vacuumcmd || !vacuumIsFull(stmt)) return [];
      const t = targets((stmt.rels ?? []).map((r) => ("VacuumRelation" in r ? nameOfRangeVar(r.VacuumRelation.relation) : undefined)), context);
      return t ? [{ messageId: "vacuumFull", data: { target: t.shown, lock }, saferAlternative: repack(t.sql) }] : [];
    }
    if (statement.kind === "ClusterStmt") {
      const stmt = (statement.node as { ClusterStmt?: ClusterStmt }).ClusterStmt;
      const relation = nameOfRangeVar(stmt?.relation);
      const t = targets(relation ? [relation] : [], context);
      return t ? [{ messageId: "cluster", data: { target: relation ? t.shown : "every table clustered before", lock }, saferAlternative: repack(t.sql) }] : [];
    }
    return fromAlterTable(statement, context);
  },
});
