// When the previous release has neither a schema file nor a snapshot rollsafe can read, its expectations
// are the schema replayed from the migrations it shipped with.
import { formatColumnType, type SchemaModel } from "@rollsafe/core";
import type { DrizzleSchema } from "../schema/types.js";

export function schemaFromModel(model: SchemaModel): DrizzleSchema {
  const tables = [...model.tables.values()]
    .filter((t) => t.origin !== "unknown")
    .map((t) => {
      const dot = t.name.indexOf(".");
      return {
        schema: t.name.slice(0, dot),
        name: t.name.slice(dot + 1),
        columns: [...t.columns.values()].map((c) => ({
          name: c.name,
          type: c.type ? formatColumnType(c.type) : undefined,
          notNull: c.notNull,
          ...(c.hasDefault ? { default: "(default)" } : {}),
          primaryKey: false,
          unique: false,
          ...(c.identity ? { identity: true } : {}),
          ...(c.generated ? { generated: true } : {}),
        })),
        uniques: [...t.constraints.values()].filter((c) => c.kind === "unique" || c.kind === "primary-key").map((c) => ({ name: c.name, columns: [...c.columns] })),
        indexes: [...model.indexes.values()].filter((i) => i.table === t.name && i.unique).map((i) => ({ name: i.name, columns: [...i.columns], unique: true })),
      };
    });
  return { source: "snapshot", tables, enums: [...model.enums.values()].map((e) => ({ schema: e.name.slice(0, e.name.indexOf(".")), name: e.name.slice(e.name.indexOf(".") + 1), values: [...e.values] })) };
}
