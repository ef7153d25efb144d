// The schema-file reader (layer 1): tables and columns as drizzle-kit would write them in a snapshot.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { extractDrizzleSchema, readSnapshotText, type DrizzleColumn, type DrizzleSchema } from "@rollsafe/drizzle";
import { describe, expect, it } from "vitest";

const APP = join(import.meta.dirname, "../../../fixtures/drizzle-app");

function extract(text: string, casing?: "snake_case" | "camelCase"): DrizzleSchema {
  const { schema, problems } = extractDrizzleSchema([{ path: "/app/src/schema.ts", text }], { cwd: "/app", ...(casing ? { casing } : {}) });
  expect(problems).toEqual([]);
  return schema;
}

/** What a snapshot and a schema file both say about a column. */
const shape = (c: DrizzleColumn) => ({ name: c.name, type: c.type, notNull: c.notNull, primaryKey: c.primaryKey, default: c.default, ...(c.references ? { references: c.references } : {}) });

describe("extractDrizzleSchema", () => {
  it("reads the object form with explicit SQL names, and the (t) => ({...}) form", () => {
    const schema = extract(`import { pgTable, text, varchar, integer, timestamp, serial } from "drizzle-orm/pg-core";
export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: varchar("email_address", { length: 320 }).notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).defaultNow().notNull(),
});
export const posts = pgTable("posts", (t) => ({
  id: t.integer().primaryKey().generatedAlwaysAsIdentity(),
  authorId: t.integer("author").references(() => users.id, { onDelete: "cascade" }),
  title: t.text().notNull().default("untitled"),
}));
`);
    expect(schema.tables.map((t) => [t.name, t.tsName])).toEqual([["users", "users"], ["posts", "posts"]]);
    const [users, posts] = schema.tables;
    expect(users!.columns.map(shape)).toEqual([
      { name: "id", type: "serial", notNull: true, primaryKey: true, default: undefined },
      { name: "email_address", type: "varchar(320)", notNull: true, primaryKey: false, default: undefined },
      { name: "created_at", type: "timestamp (3) with time zone", notNull: true, primaryKey: false, default: "now()" },
    ]);
    expect(users!.columns[1]!.unique).toBe(true);
    expect(users!.columns[1]!.key).toBe("email");
    expect(posts!.columns.map(shape)).toEqual([
      { name: "id", type: "integer", notNull: true, primaryKey: true, default: undefined },
      { name: "author", type: "integer", notNull: false, primaryKey: false, default: undefined, references: { table: "public.users", column: "id", onDelete: "cascade" } },
      { name: "title", type: "text", notNull: true, primaryKey: false, default: "'untitled'" },
    ]);
    expect(posts!.columns[0]!.identity).toBe(true);
  });

  it("maps keys to column names the way drizzle-kit's casing option does", () => {
    const text = `import { pgTable, text, integer } from "drizzle-orm/pg-core";
export const t = pgTable("t", { createdAt: text(), userID: integer(), HTTPStatus: integer(), explicit_Name: text("Explicit") });`;
    expect(extract(text).tables[0]!.columns.map((c) => c.name)).toEqual(["createdAt", "userID", "HTTPStatus", "Explicit"]);
    expect(extract(text, "snake_case").tables[0]!.columns.map((c) => c.name)).toEqual(["created_at", "user_id", "http_status", "Explicit"]);
    expect(extract(text, "camelCase").tables[0]!.columns.map((c) => c.name)).toEqual(["createdAt", "userID", "httpStatus", "Explicit"]);
  });

  it("reads enums, pgSchema tables, pgTableCreator prefixes, custom types, arrays and renamed imports", () => {
    const schema = extract(`import { pgEnum, pgSchema, pgTableCreator, customType, text as pgText, integer, numeric } from "drizzle-orm/pg-core";
import * as p from "drizzle-orm/pg-core";
export const mood = pgEnum("mood", ["sad", "ok", "happy"]);
const auth = pgSchema("auth");
export const status = auth.enum("status", ["on", "off"]);
const citext = customType<{ data: string }>({ dataType() { return "citext"; } });
const createTable = pgTableCreator((name) => \`app_\${name}\`);
export const accounts = auth.table("accounts", { id: integer().primaryKey(), state: status().notNull() });
export const notes = createTable("notes", {
  feeling: mood("feeling").default("ok"),
  body: pgText().notNull(),
  tags: pgText().array().notNull(),
  email: citext(),
  price: numeric({ precision: 10, scale: 2 }),
  rating: p.smallint(),
});
`);
    expect(schema.enums.map((e) => [e.schema, e.name, e.values])).toEqual([
      ["public", "mood", ["sad", "ok", "happy"]],
      ["auth", "status", ["on", "off"]],
    ]);
    const [accounts, notes] = schema.tables;
    expect([accounts!.schema, accounts!.name, notes!.schema, notes!.name]).toEqual(["auth", "accounts", "public", "app_notes"]);
    expect(accounts!.columns[1]).toMatchObject({ name: "state", type: "status", typeSchema: "auth", notNull: true });
    expect(notes!.columns.map((c) => [c.name, c.type, c.notNull])).toEqual([
      ["feeling", "mood", false],
      ["body", "text", true],
      ["tags", "text[]", true],
      ["email", "citext", false],
      ["price", "numeric(10, 2)", false],
      ["rating", "smallint", false],
    ]);
  });

  it("reads the third argument: indexes, unique constraints and a composite primary key, as array or object", () => {
    const schema = extract(`import { pgTable, integer, text, index, uniqueIndex, unique, primaryKey } from "drizzle-orm/pg-core";
export const members = pgTable("members", { orgId: integer("org_id").notNull(), userId: integer("user_id").notNull(), email: text() },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("members_email_idx").on(t.email), unique("members_email_org").on(t.email, t.orgId)]);
export const old = pgTable("old", { a: integer(), b: integer() }, (table) => ({ ab: uniqueIndex("old_ab").on(table.a, table.b) }));
`);
    const [members, old] = schema.tables;
    expect(members!.primaryKey).toEqual({ columns: ["org_id", "user_id"] });
    expect(members!.indexes.map((i) => [i.name, i.columns, i.unique])).toEqual([["members_email_idx", ["email"], false]]);
    expect(members!.uniques.map((u) => [u.name, u.columns])).toEqual([["members_email_org", ["email", "org_id"]]]);
    expect(old!.indexes.map((i) => [i.name, i.columns, i.unique])).toEqual([["old_ab", ["a", "b"], true]]);
  });

  it("leaves out tables that are not exported (drizzle-kit does not see them), and says what it cannot read", () => {
    const { schema, problems } = extractDrizzleSchema([{ path: "/app/s.ts", text: `import { pgTable, integer } from "drizzle-orm/pg-core";
const hidden = pgTable("hidden", { id: integer() });
const name = "dynamic";
export const dyn = pgTable(name, { id: integer() });
export const spread = pgTable("spread", { ...common, id: integer() });
` }], { cwd: "/app" });
    expect(schema.tables.map((t) => t.name)).toEqual(["spread"]);
    expect(problems.map((p) => `${p.location.line}:${p.location.column} ${p.message}`)).toEqual([
      "4:20 dyn: the table name is not a string literal; the table is left out",
      "5:43 spread: a spread or method among the columns cannot be read; its columns are left out",
    ]);
  });

  it("spreads column helpers in: object literals of the file, or exported by another schema file", () => {
    const helpers = `import { timestamp, integer } from "drizzle-orm/pg-core";\nexport const audit = { createdBy: integer().notNull(), createdAt: timestamp().defaultNow().notNull() };\n`;
    const tables = `import { pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { audit } from "./helpers";
const timestamps = { updatedAt: timestamp(), deletedAt: timestamp() };
export const notes = pgTable("notes", { body: text(), ...timestamps, ...audit, createdBy: text() });
export const other = pgTable("other", (t) => ({ id: t.integer(), ...timestamps, ...made() }));
`;
    const { schema, problems } = extractDrizzleSchema([{ path: "/app/helpers.ts", text: helpers }, { path: "/app/tables.ts", text: tables }], { cwd: "/app", casing: "snake_case" });
    const [notes, other] = schema.tables;
    // A later key replaces an earlier one where it stood (JavaScript's spread); a helper's column points into its file.
    expect(notes!.columns.map((c) => [c.name, c.type, c.notNull, c.location!.file, c.location!.line])).toEqual([
      ["body", "text", false, "tables.ts", 4],
      ["updated_at", "timestamp", false, "tables.ts", 3],
      ["deleted_at", "timestamp", false, "tables.ts", 3],
      ["created_by", "text", false, "tables.ts", 4],
      ["created_at", "timestamp", true, "helpers.ts", 2],
    ]);
    expect(other!.columns.map((c) => c.name)).toEqual(["id", "updated_at", "deleted_at"]);
    expect(problems.map((p) => `${p.location.file}:${p.location.line}:${p.location.column} ${p.message}`)).toEqual(["tables.ts:5:81 other: a spread or method among the columns cannot be read; its columns are left out"]);
  });

  it("points each table and column at its declaration", () => {
    const file = join(APP, "v1/src/db/schema.ts");
    const { schema } = extractDrizzleSchema([{ path: file, text: readFileSync(file, "utf8") }], { cwd: join(APP, "v1"), casing: "snake_case" });
    const users = schema.tables.find((t) => t.name === "users")!;
    expect(users.location).toEqual({ file: "src/db/schema.ts", line: 5, column: 14 });
    expect(users.columns.find((c) => c.name === "legacy_name")!.location).toEqual({ file: "src/db/schema.ts", line: 9, column: 3 });
  });

  it.each(["v1", "v2", "v3", "v4"])("agrees with the snapshot drizzle-kit generated from fixtures/drizzle-app %s", (version) => {
    const file = [version, "v3", "v2", "v1"].map((v) => join(APP, v, "src/db/schema.ts")).find((f) => { try { readFileSync(f); return true; } catch { return false; } })!;
    const { schema } = extractDrizzleSchema([{ path: file, text: readFileSync(file, "utf8") }], { casing: "snake_case" });
    const index = { v1: 0, v2: 1, v3: 2, v4: 3 }[version]!;
    const snapshotFile = join(APP, version, `drizzle/meta/000${index}_snapshot.json`);
    const snapshot = readSnapshotText(readFileSync(snapshotFile, "utf8"), "snapshot").schema;
    const byName = (s: DrizzleSchema) => Object.fromEntries(s.tables.map((t) => [t.name, t.columns.map(shape)]));
    expect(byName(schema)).toEqual(byName(snapshot));
    expect(schema.enums.map((e) => [e.name, e.values])).toEqual(snapshot.enums.map((e) => [e.name, e.values]));
  });
});
