// The ESTree front end (what the ESLint rules use) must read a schema file exactly as the ts-morph one
// (what `rollsafe drizzle diff` uses): same tables, columns, types, defaults, references, indexes, enums,
// locations and problems, on every form the extractor knows and on the fixture app's history.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@typescript-eslint/parser";
import { assembleDrizzleSchema, extractDrizzleSchema, type DrizzleCasing } from "@rollsafe/drizzle";
import { estreeFileSyntax, estreeSchemaFile } from "@rollsafe/drizzle/estree";
import { describe, expect, it } from "vitest";

const APP = join(import.meta.dirname, "../../../fixtures/drizzle-app");

const both = (text: string, casing?: DrizzleCasing) => {
  const viaTsMorph = extractDrizzleSchema([{ path: "/app/src/schema.ts", text }], { cwd: "/app", ...(casing ? { casing } : {}) });
  const program = parse(text, { range: true, loc: true, sourceType: "module" });
  const viaEstree = assembleDrizzleSchema([estreeSchemaFile(program, text, "src/schema.ts")], { casing });
  return { viaTsMorph, viaEstree };
};

const SOURCES: Record<string, string> = {
  "object and callback forms": `import { pgTable, text, varchar, integer, timestamp, serial } from "drizzle-orm/pg-core";
export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: varchar("email_address", { length: 320 }).notNull().unique(),
  "quoted key": text(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).defaultNow().notNull(),
});
export const posts = pgTable("posts", (t) => ({
  id: t.integer().primaryKey().generatedAlwaysAsIdentity(),
  authorId: t.integer("author").references(() => users.id, { onDelete: "cascade" }),
  title: t.text().notNull().default("it's untitled"),
  count: t.integer().default(0),
  body: t.text().$defaultFn(() => "x"),
}));
`,
  "casing keys": `import { pgTable, text, integer } from "drizzle-orm/pg-core";
export const t = pgTable("t", { createdAt: text(), userID: integer(), HTTPStatus: integer(), explicit_Name: text("Explicit") });`,
  "enums, schemas, creators, custom types, arrays, renamed and namespace imports": `import { pgEnum, pgSchema, pgTableCreator, customType, text as pgText, integer, numeric, sql } from "drizzle-orm/pg-core";
import * as p from "drizzle-orm/pg-core";
export const mood = pgEnum("mood", ["sad", "ok", "happy"]);
const auth = pgSchema("auth");
export const status = auth.enum("status", ["on", "off"]);
const citext = customType<{ data: string }>({ dataType() { return "citext"; } });
const ltree = customType<{ data: string }>({ dataType: () => "ltree" });
const createTable = pgTableCreator((name) => \`app_\${name}\`);
export const accounts = auth.table("accounts", { id: integer().primaryKey(), state: status().notNull() });
export const notes = createTable("notes", {
  feeling: mood("feeling").default("ok"),
  body: pgText().notNull(),
  tags: pgText().array().notNull(),
  matrix: integer().array(3),
  email: citext(),
  path: ltree(),
  price: numeric({ precision: 10, scale: 2 }),
  rating: p.smallint(),
  at: p.timestamp({ mode: "string" }).default(sql\`now()\`),
  expr: p.integer().default(sql\`\${1} + 1\`),
});
export const rls = p.pgTable.withRLS("rls", { id: p.uuid().defaultRandom() as never });
`,
  "third argument, as array and as object": `import { pgTable, integer, text, index, uniqueIndex, unique, primaryKey } from "drizzle-orm/pg-core";
export const members = pgTable("members", { orgId: integer("org_id").notNull(), userId: integer("user_id").notNull(), email: text() },
  (t) => [primaryKey({ columns: [t.orgId, t.userId], name: "members_pk" }), index("members_email_idx").on(t.email), unique("members_email_org").on(t.email, t.orgId).nullsNotDistinct()]);
export const old = pgTable("old", { a: integer(), b: integer() }, (table) => ({ ab: uniqueIndex("old_ab").on(table.a, table.b), pk: primaryKey(table.a, table.b) }));
export const blocky = pgTable("blocky", (t) => { return { a: t.integer() }; }, (t) => { return [index().using("btree", t.a)]; });
`,
  "column helpers spread in": `import { pgTable, integer, timestamp } from "drizzle-orm/pg-core";
const timestamps = { createdAt: timestamp().defaultNow().notNull(), updatedAt: timestamp() };
export const notes = pgTable("notes", { id: integer(), ...timestamps, updatedAt: integer() });
export const other = pgTable("other", (t) => ({ ...timestamps, ...unknown, id: t.integer() }));
`,
  "exports, and what cannot be read": `import { pgTable, integer } from "drizzle-orm/pg-core";
import { common } from "./common";
const hidden = pgTable("hidden", { id: integer() });
const later = pgTable("later", { id: integer() });
const byDefault = pgTable("by_default", { id: integer() });
export { later };
export default byDefault;
const name = "dynamic";
export const dyn = pgTable(name, { id: integer() });
export const spread = pgTable("spread", { ...common, id: integer(), method() { return 1; } });
export const notObject = pgTable("not_object", columns);
`,
};

describe("the ESTree front end reads what the ts-morph one reads", () => {
  it.each(Object.keys(SOURCES))("%s", (name) => {
    for (const casing of [undefined, "snake_case", "camelCase"] as const) {
      const { viaTsMorph, viaEstree } = both(SOURCES[name]!, casing);
      expect(viaEstree).toEqual(viaTsMorph);
      expect(viaTsMorph.schema.tables.length).toBeGreaterThan(0);
    }
  });

  it.each(["v1", "v2", "v3", "v4"])("fixtures/drizzle-app %s", (version) => {
    const text = readFileSync(join(APP, version, "src/db/schema.ts"), "utf8");
    const { viaTsMorph, viaEstree } = both(text, "snake_case");
    expect(viaEstree).toEqual(viaTsMorph);
    expect(viaEstree.schema.tables.map((t) => t.name)).toEqual(["users", "posts"]);
  });

  it("resolves enums and references across files the same way", () => {
    const enums = `import { pgEnum } from "drizzle-orm/pg-core";\nexport const role = pgEnum("role", ["a", "b"]);\n`;
    const tables = `import { pgTable, integer } from "drizzle-orm/pg-core";\nimport { role } from "./enums";\nimport { users as people } from "./users";\nexport const posts = pgTable("posts", { role: role().notNull(), author: integer().references(() => people.id) });\n`;
    const users = `import { pgTable, serial } from "drizzle-orm/pg-core";\nexport const users = pgTable("users", { id: serial().primaryKey() });\n`;
    const files = { "/app/enums.ts": enums, "/app/posts.ts": tables, "/app/users.ts": users };
    const viaTsMorph = extractDrizzleSchema(Object.entries(files).map(([path, text]) => ({ path, text })), { cwd: "/app" });
    const viaEstree = assembleDrizzleSchema(Object.entries(files).map(([path, text]) => estreeSchemaFile(parse(text, { range: true, loc: true }), text, path.slice("/app/".length))));
    expect(viaEstree).toEqual(viaTsMorph);
    expect(viaEstree.schema.tables[0]!.columns.map((c) => [c.type, c.references?.table])).toEqual([["role", undefined], ["integer", "public.users"]]);
  });
});

describe("estreeFileSyntax", () => {
  it("keeps the tree's nodes, so a location leads back to the node it came from", () => {
    const text = `import { pgTable, integer } from "drizzle-orm/pg-core";\nexport const t = pgTable("t", { id: integer() });\n`;
    const syntax = estreeFileSyntax(parse(text, { range: true, loc: true }), text);
    const [variable] = syntax.variables;
    const at = text.indexOf("t = pgTable");
    expect(variable!.nameNode).toMatchObject({ type: "Identifier", name: "t", range: [at, at + 1] });
    expect(variable!.init).toMatchObject({ kind: "call", callee: { kind: "identifier", name: "pgTable" }, text: 'pgTable("t", { id: integer() })' });
    expect([...syntax.exported]).toEqual(["t"]);
  });
});
