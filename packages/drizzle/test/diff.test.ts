// Layer 3: diffDrizzleSchemas, on the fixture app's history (schema file against the previous snapshot,
// as `rollsafe drizzle diff` runs it) and on each kind of change.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diffDrizzleSchemas, extractDrizzleSchema, readSnapshotText, type DrizzleSchema, type DrizzleSchemaDiff } from "@rollsafe/drizzle";
import { loadParser } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";

const APP = join(import.meta.dirname, "../../../fixtures/drizzle-app");

beforeAll(() => loadParser());

const snapshot = (version: string, index: number) => readSnapshotText(readFileSync(join(APP, version, `drizzle/meta/000${index}_snapshot.json`), "utf8"), `${version}/000${index}`, { locations: true }).schema;
const schemaFile = (version: string) => {
  const path = join(APP, version, "src/db/schema.ts");
  return extractDrizzleSchema([{ path, text: readFileSync(path, "utf8") }], { casing: "snake_case", cwd: APP }).schema;
};
const brief = (diff: DrizzleSchemaDiff) => diff.changes.map((c) => `${c.kind} ${c.table ?? c.enum}${c.column ? `.${c.column}` : ""} [${[...new Set(c.dangers.map((d) => `${d.category}:${d.rule}`))].join(" ")}]`);

function schema(columns: string, extra = ""): DrizzleSchema {
  return extractDrizzleSchema([{ path: "/s.ts", text: `import { pgTable, pgEnum, text, integer, varchar, serial, index, uniqueIndex } from "drizzle-orm/pg-core";\n${extra}\nexport const users = pgTable("users", { ${columns} });\n` }], { cwd: "/" }).schema;
}

describe("diffDrizzleSchemas on fixtures/drizzle-app", () => {
  it("v1 -> v2 adds a nullable column: safe", () => {
    expect(brief(diffDrizzleSchemas(snapshot("v1", 0), schemaFile("v2")))).toEqual(["add-column public.users.bio []"]);
  });

  it("v2 -> v3 drops a column: breaking and data loss, with the expand/contract advice", () => {
    const diff = diffDrizzleSchemas(snapshot("v2", 1), schemaFile("v3"));
    expect(brief(diff)).toEqual(["drop-column public.users.legacy_name [breaking:dropping-column data-loss:dropping-column]"]);
    expect(diff.changes[0]!.advice).toMatch(/^1\. Ship a release whose code no longer reads or writes "users"\."legacy_name"/);
    expect(diff.changes[0]!.before).toMatchObject({ file: "v2/0001", line: 96, column: 9 });
  });

  it("v3 -> v4 renames a column: drizzle-kit will ask; either way the previous release breaks", () => {
    const diff = diffDrizzleSchemas(snapshot("v3", 2), schemaFile("v4"));
    expect(brief(diff)).toEqual(["add-column public.users.full_name []", "drop-column public.users.display_name [breaking:dropping-column data-loss:dropping-column]"]);
    expect(diff.renamePrompts).toEqual([{ table: "public.users", dropped: ["display_name"], added: ["full_name"] }]);
    expect(diff.changes[1]!.summary).toBe('drop column "display_name" of "users" (drizzle-kit generate will ask whether it is renamed to "full_name")');
  });

  it("a schema file is no change against its own snapshot, and snapshots diff like schema files", () => {
    for (const [version, index] of [["v1", 0], ["v2", 1], ["v3", 2], ["v4", 3]] as const) expect(brief(diffDrizzleSchemas(snapshot(version, index), schemaFile(version)))).toEqual([]);
    expect(brief(diffDrizzleSchemas(snapshot("v2", 1), snapshot("v3", 2)))).toEqual(brief(diffDrizzleSchemas(snapshot("v2", 1), schemaFile("v3"))));
  });
});

describe("diffDrizzleSchemas: each change", () => {
  const base = 'id: serial().primaryKey(), email: varchar({ length: 100 }).notNull(), bio: text(), age: integer().default(0).notNull()';

  it.each([
    ["a NOT NULL column without default", `${base}, tenant: integer().notNull()`, "add-column public.users.tenant [breaking:adding-required-column]"],
    ["a NOT NULL column with a default", `${base}, tenant: integer().notNull().default(1)`, "add-column public.users.tenant []"],
    ["a NOT NULL column filled by $defaultFn only (the old release does not run it)", `${base}, tenant: integer().notNull().$defaultFn(() => 1)`, "add-column public.users.tenant [breaking:adding-required-column]"],
    ["a serial column", `${base}, seq: serial()`, "add-column public.users.seq []"],
    ["a compatible widening", base.replace("length: 100", "length: 200"), "alter-type public.users.email []"],
    ["a narrowing", base.replace("length: 100", "length: 50"), "alter-type public.users.email [breaking:changing-column-type locking:changing-column-type]"],
    ["an incompatible type", base.replace("age: integer()", "age: text()"), "alter-type public.users.age [breaking:changing-column-type locking:changing-column-type]"],
    ["NOT NULL on an existing column", base.replace("bio: text()", "bio: text().notNull()"), "set-not-null public.users.bio [breaking:setting-not-null locking:setting-not-null-scan]"],
    ["dropping NOT NULL", base.replace("email: varchar({ length: 100 }).notNull()", "email: varchar({ length: 100 })"), "drop-not-null public.users.email [breaking:dropping-not-null]"],
    ["dropping the default of a NOT NULL column", base.replace(".default(0)", ""), "drop-default public.users.age [breaking:dropping-default]"],
    ["a unique column", base.replace("bio: text()", "bio: text().unique()"), "add-unique public.users.bio [breaking:adding-unique-constraint locking:adding-unique-constraint]"],
  ])("%s", (_, columns, expected) => {
    expect(brief(diffDrizzleSchemas(schema(base), schema(columns)))).toEqual([expected]);
  });

  it("an index (locking: drizzle-kit cannot build it CONCURRENTLY inside its migrator's transaction) and a unique index", () => {
    const before = extractDrizzleSchema([{ path: "/s.ts", text: 'import { pgTable, text, index, uniqueIndex } from "drizzle-orm/pg-core";\nexport const t = pgTable("t", { a: text(), b: text() });' }]).schema;
    const after = extractDrizzleSchema([{ path: "/s.ts", text: 'import { pgTable, text, index, uniqueIndex } from "drizzle-orm/pg-core";\nexport const t = pgTable("t", { a: text(), b: text() }, (t) => [index("t_a").on(t.a), uniqueIndex("t_b").on(t.b)]);' }]).schema;
    expect(brief(diffDrizzleSchemas(before, after))).toEqual(["add-unique public.t.b [breaking:adding-unique-constraint locking:adding-unique-constraint]", "add-index public.t [locking:require-concurrent-index-creation]"]);
  });

  it("enum values: adding is safe, removing breaks the previous release's writes", () => {
    const withEnum = (values: string) => schema(`${base}, mood: mood()`, `export const mood = pgEnum("mood", [${values}]);`);
    expect(brief(diffDrizzleSchemas(withEnum('"a", "b"'), withEnum('"a", "b", "c"')))).toEqual(["add-enum-value public.mood []"]);
    expect(brief(diffDrizzleSchemas(withEnum('"a", "b"'), withEnum('"a"')))).toEqual(["drop-enum-value public.mood [breaking:dropping-enum-value]"]);
  });

  it("dropping a table, and creating one", () => {
    const empty: DrizzleSchema = { source: "snapshot", tables: [], enums: [] };
    expect(brief(diffDrizzleSchemas(schema(base), empty))).toEqual(["drop-table public.users [breaking:dropping-table data-loss:dropping-table]"]);
    expect(brief(diffDrizzleSchemas(empty, schema(base)))).toEqual(["create-table public.users []"]);
  });
});
