// A drizzle-kit baseline known only from its snapshot (its SQL file is gone, or the folder starts from an
// introspected schema): its tables, columns, keys, indexes and enums put into the schema model as history,
// so that the first migrations are checked against tables whose columns are known.
import { qualify, type Column, type Constraint, type SchemaModel, type Table } from "@rollsafe/core";
import { columnTypeFromSql, parseTypes, typeSpelling } from "../schema/sql-type.js";
import type { DrizzleSchema } from "../schema/types.js";

const SERIAL = /^(small|big)?serial$/;

export function seedModel(model: SchemaModel, schema: DrizzleSchema): void {
  parseTypes(schema.tables.flatMap((t) => t.columns.flatMap((c) => (c.type ? [typeSpelling(c.type, c.typeSchema)] : []))));
  for (const e of schema.enums) {
    const name = qualify(e.schema, e.name);
    model.enums.set(name, { name, values: [...e.values], origin: "history" });
  }
  for (const t of schema.tables) {
    const name = qualify(t.schema, t.name);
    const table: Table = { name, columns: new Map(), constraints: new Map(), columnsKnown: true, origin: "history" };
    const composite = new Set(t.primaryKey?.columns ?? []);
    for (const c of t.columns) {
      const column: Column = {
        name: c.name,
        type: c.type ? columnTypeFromSql(typeSpelling(c.type, c.typeSchema)) : undefined,
        notNull: c.notNull || c.primaryKey || !!c.identity || composite.has(c.name),
        hasDefault: c.default !== undefined || (c.type !== undefined && SERIAL.test(c.type)),
        identity: !!c.identity,
        generated: !!c.generated,
        origin: "history",
      };
      table.columns.set(c.name, column);
      if (c.primaryKey) addConstraint(table, { name: `${t.name}_pkey`, kind: "primary-key", columns: [c.name], validated: true, origin: "history" });
      if (c.unique) addConstraint(table, { name: `${t.name}_${c.name}_unique`, kind: "unique", columns: [c.name], validated: true, origin: "history" });
      if (c.references) addConstraint(table, { name: `${t.name}_${c.name}_fkey`, kind: "foreign-key", columns: [c.name], validated: true, origin: "history" });
    }
    if (t.primaryKey && t.primaryKey.columns.length > 0) addConstraint(table, { name: t.primaryKey.name ?? `${t.name}_pkey`, kind: "primary-key", columns: [...t.primaryKey.columns], validated: true, origin: "history" });
    for (const u of t.uniques) addConstraint(table, { name: u.name ?? `${t.name}_${u.columns.join("_")}_key`, kind: "unique", columns: [...u.columns], validated: true, origin: "history" });
    for (const i of t.indexes) {
      const indexName = qualify(t.schema, i.name ?? `${t.name}_${i.columns.join("_")}_idx`);
      model.indexes.set(indexName, { name: indexName, table: name, unique: i.unique, partial: false, columns: [...i.columns], origin: "history" });
    }
    model.tables.set(name, table);
  }
}

function addConstraint(table: Table, constraint: Constraint): void {
  table.constraints.set(constraint.name, constraint);
}
