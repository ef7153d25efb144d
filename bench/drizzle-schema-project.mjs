// A Drizzle project for `npm run bench:eslint`: drizzle.config.ts, one schema file of TABLES tables
// (~1,000 lines: object and `(t) => ({...})` forms, explicit names, snake_case casing, defaults,
// references, unique columns, indexes) and the drizzle-kit snapshot (version 7, as drizzle-kit writes
// it) that matches it, with its journal: the state right after `drizzle-kit generate`.
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const TABLES = 80;

/** Writes the project under `dir`; returns the schema file's path and text. */
export function buildDrizzleProject(dir) {
  mkdirSync(join(dir, "src/db"), { recursive: true });
  mkdirSync(join(dir, "drizzle/meta"), { recursive: true });
  const declarations = [];
  const tables = {};
  for (let i = 1; i <= TABLES; i++) {
    const { source, table } = tableOf(i);
    declarations.push(source);
    tables[`public.${table.name}`] = table;
  }
  const schema = `import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, varchar } from "drizzle-orm/pg-core";\n\n${declarations.join("\n\n")}\n`;
  const snapshot = { id: "00000000-0000-0000-0000-000000000001", prevId: "00000000-0000-0000-0000-000000000000", version: "7", dialect: "postgresql", tables, enums: {}, schemas: {}, sequences: {}, roles: {}, policies: {}, views: {}, _meta: { columns: {}, schemas: {}, tables: {} } };
  const journal = { version: "7", dialect: "postgresql", entries: [{ idx: 0, version: "7", when: 1700000000000, tag: "0000_init", breakpoints: true }] };
  const files = {
    "drizzle.config.ts": 'import { defineConfig } from "drizzle-kit";\n\nexport default defineConfig({\n  dialect: "postgresql",\n  schema: "./src/db/schema.ts",\n  out: "./drizzle",\n  casing: "snake_case",\n});\n',
    "src/db/schema.ts": schema,
    "drizzle/0000_init.sql": "-- generated\n",
    "drizzle/meta/_journal.json": `${JSON.stringify(journal, null, 2)}\n`,
    "drizzle/meta/0000_snapshot.json": `${JSON.stringify(snapshot, null, 2)}\n`,
  };
  const old = new Date(Date.now() - 3_600_000);
  for (const [path, text] of Object.entries(files)) {
    writeFileSync(join(dir, path), text);
    utimesSync(join(dir, path), old, old);
  }
  return { path: join(dir, "src/db/schema.ts"), text: schema };
}

function tableOf(i) {
  const name = `table_${i}`;
  const columns = [
    ["id", "serial().primaryKey()", { type: "serial", primaryKey: true, notNull: true }],
    ["name", "text().notNull()", { type: "text", notNull: true }],
    ["emailAddress", "varchar({ length: 255 }).unique()", { type: "varchar(255)", notNull: false }],
    ["displayName", 'text("label").notNull().default("")', { name: "label", type: "text", notNull: true, default: "''" }],
    ["score", "integer().default(0)", { type: "integer", notNull: false, default: 0 }],
    ["active", "boolean().notNull().default(true)", { type: "boolean", notNull: true, default: true }],
    ["data", "jsonb()", { type: "jsonb", notNull: false }],
    ["createdAt", "timestamp({ withTimezone: true }).notNull().defaultNow()", { type: "timestamp with time zone", notNull: true, default: "now()" }],
    ["updatedAt", "timestamp({ withTimezone: true })", { type: "timestamp with time zone", notNull: false }],
  ];
  if (i > 1) columns.push(["parentId", `integer().references(() => table${i - 1}.id, { onDelete: "cascade" })`, { type: "integer", notNull: false }]);
  const callback = i % 2 === 0;
  const body = columns.map(([key, builder]) => `    ${key}: ${callback ? `t.${builder}` : builder},`).join("\n");
  const source = callback
    ? `export const table${i} = pgTable(\n  "${name}",\n  (t) => ({\n${body}\n  }),\n  (t) => [index("${name}_name_idx").on(t.name)],\n);`
    : `export const table${i} = pgTable("${name}", {\n${body.replace(/^ {2}/gm, "")}\n});`;
  const snake = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const table = {
    name,
    schema: "",
    columns: Object.fromEntries(columns.map(([key, , column]) => [column.name ?? snake(key), { name: column.name ?? snake(key), primaryKey: false, ...column }])),
    indexes: callback ? { [`${name}_name_idx`]: { name: `${name}_name_idx`, columns: [{ expression: "name", isExpression: false, asc: true, nulls: "last" }], isUnique: false, concurrently: false, method: "btree", with: {} } } : {},
    foreignKeys: i > 1 ? { [`${name}_parent_id_fk`]: { name: `${name}_parent_id_fk`, tableFrom: name, tableTo: `table_${i - 1}`, columnsFrom: ["parent_id"], columnsTo: ["id"], onDelete: "cascade", onUpdate: "no action" } } : {},
    compositePrimaryKeys: {},
    uniqueConstraints: { [`${name}_email_address_unique`]: { name: `${name}_email_address_unique`, nullsNotDistinct: false, columns: ["email_address"] } },
    policies: {},
    checkConstraints: {},
    isRLSEnabled: false,
  };
  return { source, table };
}

/** The edit being typed: a NOT NULL column without a default added to table 40 (one finding). */
export function editedSchema(text, n) {
  const anchor = "export const table40 = pgTable(";
  const start = text.indexOf(anchor);
  const at = text.indexOf("    id: t.serial().primaryKey(),\n", start);
  return `${text.slice(0, at)}    tenantId${n}: t.integer().notNull(),\n${text.slice(at)}`;
}
