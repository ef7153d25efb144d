// What the checked set changed that old code can notice, from the real catalog before and after it.
// Tables and columns are followed by identity (table oid, column number), so a rename is a rename and
// not a drop plus an add.
import type { ColumnDef, CreateStmt, IndexStmt } from "@pgsql/types";
import { columnTypeOf, typeChangeVerdict, type Finding } from "@rollsafe/core";
import { parseSqlText } from "@rollsafe/parser";
import type { CompatChange } from "../types.js";
import type { Catalog } from "./snapshot.js";

/** The static rules that report each kind of change. */
const RULES: Record<CompatChange["kind"], readonly string[]> = {
  "table-dropped": ["dropping-table"],
  "table-renamed": ["renaming-table"],
  "column-dropped": ["dropping-column"],
  "column-renamed": ["renaming-column"],
  "column-type-changed": ["changing-column-type"],
  "column-made-not-null": ["setting-not-null", "adding-required-column"],
  "column-made-unique": ["adding-unique-constraint"],
  "enum-value-dropped": ["dropping-enum-value", "renaming-enum-value"],
};

/** A type as format_type prints it, read back through the grammar into rollsafe's column type. */
function columnType(type: string) {
  const statement = parseSqlText(`CREATE TABLE t (c ${type})`).statements[0];
  const def = (statement?.node as { CreateStmt?: CreateStmt } | undefined)?.CreateStmt?.tableElts?.[0] as { ColumnDef?: ColumnDef } | undefined;
  return columnTypeOf(def?.ColumnDef?.typeName);
}

/** The columns of a unique index definition (pg_get_indexdef), or undefined for expressions. */
function uniqueColumns(def: string): { table: string; columns: string[] } | undefined {
  if (!/^CREATE UNIQUE INDEX/i.test(def)) return undefined;
  const stmt = (parseSqlText(def).statements[0]?.node as { IndexStmt?: IndexStmt } | undefined)?.IndexStmt;
  const columns = (stmt?.indexParams ?? []).map((p) => ("IndexElem" in p ? p.IndexElem.name : undefined));
  if (!stmt?.relation?.relname || columns.some((c) => c === undefined)) return undefined;
  return { table: `${stmt.relation.schemaname ?? "public"}.${stmt.relation.relname}`, columns: columns as string[] };
}

export async function compatChanges(before: Catalog, after: Catalog, findingsOf: () => readonly Finding[] | Promise<readonly Finding[]>): Promise<CompatChange[]> {
  const changes: Omit<CompatChange, "staticRules">[] = [];
  const afterByOid = new Map([...after.tables].map(([name, info]) => [info.oid, { name, info }]));
  for (const [name, table] of before.tables) {
    const now = afterByOid.get(table.oid);
    if (!now) {
      changes.push({ kind: "table-dropped", object: name, detail: `table ${name} was dropped`, breaking: true });
      continue;
    }
    if (now.name !== name) changes.push({ kind: "table-renamed", object: name, detail: `table ${name} was renamed to ${now.name}`, breaking: true });
    const byNum = new Map([...now.info.columns].map(([col, info]) => [info.attnum, { col, info }]));
    for (const [col, column] of table.columns) {
      const object = `${name}.${col}`;
      const current = byNum.get(column.attnum);
      if (!current) {
        changes.push({ kind: "column-dropped", object, detail: `column ${object} was dropped`, breaking: true });
        continue;
      }
      if (current.col !== col) changes.push({ kind: "column-renamed", object, detail: `column ${object} was renamed to ${current.col}`, breaking: true });
      if (current.info.type !== column.type) {
        const from = columnType(column.type);
        const to = columnType(current.info.type);
        const verdict = from && to ? typeChangeVerdict(from, to) : undefined;
        changes.push({ kind: "column-type-changed", object, detail: `column ${object} changed type from ${column.type} to ${current.info.type}${verdict && !verdict.compatible ? ` (${verdict.reason})` : ""}`, breaking: !verdict?.compatible });
      }
      if (current.info.notNull && !column.notNull) changes.push({ kind: "column-made-not-null", object, detail: `column ${object} became NOT NULL${current.info.default === null ? " without a default" : ""}`, breaking: current.info.default === null });
    }
  }
  // An index is compared by what follows its name (`ON table USING method (columns)`): a new unique index
  // identical to one that existed adds no constraint. Only new unique indexes are parsed.
  const shape = (def: string) => def.slice(def.indexOf(" ON "));
  const existingUnique = new Set([...before.indexes.values()].filter((d) => d.startsWith("CREATE UNIQUE INDEX")).map(shape));
  for (const [name, def] of after.indexes) {
    if (before.indexes.has(name) || !def.startsWith("CREATE UNIQUE INDEX") || existingUnique.has(shape(def))) continue;
    const unique = uniqueColumns(def);
    if (!unique) continue;
    // Only columns that existed before (followed by identity, through renames) can make old code fail.
    const now = after.tables.get(unique.table);
    const then = now ? [...before.tables.values()].find((t) => t.oid === now.oid) : undefined;
    const existedBefore = (column: string) => {
      const attnum = now?.columns.get(column)?.attnum;
      return attnum !== undefined && [...(then?.columns.values() ?? [])].some((c) => c.attnum === attnum);
    };
    if (!then || !unique.columns.every(existedBefore)) continue;
    const object = `${unique.table}.${unique.columns.join(", ")}`;
    changes.push({ kind: "column-made-unique", object, detail: `${unique.table} (${unique.columns.join(", ")}) became unique (${name})`, breaking: true });
  }
  for (const [name, labels] of before.enums) {
    const now = after.enums.get(name);
    if (!now) continue;
    for (const label of labels) if (!now.includes(label)) changes.push({ kind: "enum-value-dropped", object: `${name}.${label}`, detail: `enum ${name} lost the value '${label}'`, breaking: true });
  }
  const order = Object.keys(RULES);
  const findings = changes.length > 0 ? await findingsOf() : [];
  return changes
    .sort((a, b) => a.object.localeCompare(b.object) || order.indexOf(a.kind) - order.indexOf(b.kind))
    .map((change) => ({ ...change, staticRules: matchingRules(change, findings) }));
}

/** The static findings that report the same change: one of the kind's rules, naming the same object. */
function matchingRules(change: Omit<CompatChange, "staticRules">, findings: readonly Finding[]): string[] {
  const parts = change.object.split(".");
  const last = parts[parts.length - 1]!.split(", ")[0]!;
  const table = parts.length > 2 ? parts[1]! : last;
  const rules = new Set<string>();
  for (const finding of findings) {
    if (!RULES[change.kind].includes(finding.ruleId)) continue;
    if (finding.message.includes(`"${last}"`) || finding.message.includes(`"${table}"`)) rules.add(finding.ruleId);
  }
  return [...rules].sort();
}
