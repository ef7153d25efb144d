// The Drizzle schema rules, as typescript-eslint's RuleTester runs them (under vitest): the schema file of
// fixtures/drizzle-app against the latest snapshot drizzle-kit generated for it, edited the ways a
// developer edits it, in the object form (users) and the `(t) => ({...})` form (posts), with explicit
// column names and drizzle.config's `casing`; every finding at its exact place.
import { loadParser } from "@rollsafe/parser";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { join, relative } from "node:path";
import { afterAll, describe, it } from "vitest";
import changedType from "../src/drizzle/changed-type.js";
import newUnique from "../src/drizzle/new-unique.js";
import removedColumn from "../src/drizzle/removed-column.js";
import removedTable from "../src/drizzle/removed-table.js";
import requiredColumnNeedsDefault from "../src/drizzle/required-column-needs-default.js";
import { appFile, drizzleProject } from "./support/drizzle-project.js";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// The plugin loads PostgreSQL's grammar before ESLint runs a rule; the diff compares types with it.
await loadParser();

const ruleTester = new RuleTester();

/** The app at v2: its latest snapshot (0001) has users (with bio) and posts; casing is snake_case. */
const APP = drizzleProject("v2");
const SCHEMA = join(APP, "src/db/schema.ts");
const V2 = appFile("v2", "src/db/schema.ts");

/** V2 with `from` replaced by `to` (which must occur once). */
function edit(from: string, to: string, code = V2): string {
  if (code.split(from).length !== 2) throw new Error(`not exactly once: ${from}`);
  return code.replace(from, to);
}
const USERS_AT = { line: 5, column: 22, endLine: 5, endColumn: 37 }; // pgTable("users"
const POSTS_AT = { line: 15, column: 22, endLine: 16, endColumn: 10 }; // pgTable(\n  "posts"
const PG_CORE_IMPORT = { line: 1, column: 83, endLine: 1, endColumn: 104 }; // "drizzle-orm/pg-core"
const WITHOUT_POSTS = V2.slice(0, V2.indexOf("export const posts"));

/** Edits no rule reports, whatever the rule. */
const valid = [
  { name: "the schema file as generated", code: V2, filename: SCHEMA },
  { name: "a nullable column", code: edit("  bio: text(),\n", "  bio: text(),\n  nickname: text(),\n"), filename: SCHEMA },
  { name: "NOT NULL columns with a database default, identity or serial", code: edit("  bio: text(),\n", "  bio: text(),\n  score: integer().notNull().default(0),\n  seenAt: timestamp().notNull().defaultNow(),\n  seq: integer().notNull().generatedAlwaysAsIdentity(),\n  ticket: serial(),\n"), filename: SCHEMA },
  { name: "a compatible widening (varchar(200) -> varchar(300), text)", code: edit("title: t.varchar({ length: 200 })", "title: t.varchar({ length: 300 })"), filename: SCHEMA },
  { name: "varchar to text", code: edit("title: t.varchar({ length: 200 })", "title: t.text()"), filename: SCHEMA },
  { name: "a new table, with required and unique columns", code: `${V2}\nexport const tags = pgTable("tags", { id: serial().primaryKey(), name: text().notNull().unique() });\n`, filename: SCHEMA },
  { name: "a key renamed to what snake_case maps it to anyway", code: edit("legacyName: text()", "legacy_name: text()"), filename: SCHEMA },
  { name: "a file drizzle.config's schema does not list", code: appFile("v3", "src/db/schema.ts"), filename: join(APP, "src/db/other.ts") },
  { name: "the schema file, not importing drizzle-orm/pg-core", code: "export const nothing = 1;\n", filename: SCHEMA },
  { name: "a project before its first drizzle-kit generate", code: WITHOUT_POSTS, filename: join(drizzleProject("v1", { "drizzle/meta/_journal.json": '{ "version": "7", "dialect": "postgresql", "entries": [] }' }), "src/db/schema.ts") },
  { name: "a TypeScript file outside any Drizzle project", code: WITHOUT_POSTS, filename: "/no-project/schema.ts" },
];

ruleTester.run("drizzle-required-column-needs-default", requiredColumnNeedsDefault, {
  valid,
  invalid: [
    {
      name: "object form",
      code: edit("  bio: text(),\n", "  bio: text(),\n  tenantId: integer().notNull(),\n"),
      filename: SCHEMA,
      errors: [
        {
          messageId: "willGenerateWithAdvice",
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 11,
          data: {
            summary: 'add column "tenant_id" integer NOT NULL to "users"',
            reasons: '"tenant_id" is NOT NULL without a default: the previous release\'s inserts into "users" leave it out and fail, and the ALTER fails at once if "users" has rows',
            advice: '1. Add "users"."tenant_id" as nullable (or with a .default(...)): old inserts keep working. 2. Backfill it and make the code always write it. 3. In a later release, make it .notNull() (drizzle-kit generates SET NOT NULL; on a large table add a CHECK ("tenant_id" IS NOT NULL) NOT VALID and validate it first).',
          },
        },
      ],
    },
    { name: "(t) => ({...}) form", code: edit("    body: t.text(),\n", "    body: t.text(),\n    slug: t.text().notNull(),\n"), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", line: 22, column: 5, endLine: 22, endColumn: 9 }] },
    { name: "an application default ($defaultFn) is not a database default", code: edit("  bio: text(),\n", '  bio: text(),\n  token: text().notNull().$defaultFn(() => "x"),\n'), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", line: 11, column: 3, endLine: 11, endColumn: 8 }] },
    { name: "a new explicit name is a new column", code: edit('displayName: text("display_name")', 'displayName: text("name")'), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", line: 8, column: 3, endLine: 8, endColumn: 14 }] },
  ],
});

ruleTester.run("drizzle-removed-column", removedColumn, {
  valid,
  invalid: [
    {
      name: "object form: on pgTable(\"users\"",
      code: edit("  legacyName: text(),\n", ""),
      filename: SCHEMA,
      errors: [
        {
          messageId: "willGenerateWithAdvice",
          ...USERS_AT,
          data: {
            summary: 'drop column "legacy_name" of "users"',
            reasons: 'the previous release still selects or inserts "users"."legacy_name"; the data of "users"."legacy_name" is gone',
            advice: '1. Ship a release whose code no longer reads or writes "users"."legacy_name" (select columns explicitly; keep the column in the schema file, nullable or with a default). 2. Once no running version uses it, remove it from the schema file and generate the DROP in a later release.',
          },
        },
      ],
    },
    { name: "(t) => ({...}) form: on pgTable(\\n  \"posts\"", code: edit("    body: t.text(),\n", ""), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", ...POSTS_AT }] },
    { name: "an explicit column name changed", code: edit('displayName: text("display_name")', 'displayName: text("name")'), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", ...USERS_AT }] },
    { name: "a key that snake_case maps to another name", code: edit("legacyName: text()", "legacyname: text()"), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", ...USERS_AT }] },
    { name: "the rename of v4 (drizzle-kit will ask: the advice is the rename's)", code: appFile("v4", "src/db/schema.ts"), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", ...USERS_AT }, { messageId: "willGenerateWithAdvice", ...USERS_AT }] },
  ],
});

ruleTester.run("drizzle-removed-table", removedTable, {
  valid,
  invalid: [
    {
      name: "on the import of drizzle-orm/pg-core",
      code: WITHOUT_POSTS,
      filename: SCHEMA,
      errors: [{ messageId: "willGenerateWithAdvice", ...PG_CORE_IMPORT, data: { summary: 'drop table "posts"', reasons: 'the previous release still reads and writes "posts"; every row of "posts" is gone', advice: '1. Ship a release whose code no longer reads or writes "posts" (keep it in the schema file). 2. Once no running version uses it, remove it from the schema file and generate the DROP in a later release (backup first: the data is gone).' } }],
    },
    { name: "a table no longer exported is not seen by drizzle-kit", code: edit("export const posts", "const posts"), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", ...PG_CORE_IMPORT }] },
  ],
});

ruleTester.run("drizzle-changed-type", changedType, {
  valid,
  invalid: [
    {
      name: "(t) => ({...}) form: a narrowing",
      code: edit("title: t.varchar({ length: 200 })", "title: t.varchar({ length: 100 })"),
      filename: SCHEMA,
      errors: [{ messageId: "willGenerateWithAdvice", line: 20, column: 5, endLine: 20, endColumn: 10, data: { summary: 'change the type of "posts"."title" from varchar(200) to varchar(100)', reasons: 'the length limit shrinks from 200 to 100: the previous release reads and writes "title" as varchar(200); PostgreSQL rewrites "posts" (and its indexes) under an ACCESS EXCLUSIVE lock', advice: '1. Add a new column with the new type and write both. 2. Backfill it in batches. 3. Switch reads to the new column. 4. In a later release, drop "posts"."title" (or rename once nothing uses the old name).' } }],
    },
    { name: "object form: text to integer", code: edit("  bio: text(),", "  bio: integer(),"), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", line: 10, column: 3, endLine: 10, endColumn: 6 }] },
  ],
});

ruleTester.run("drizzle-new-unique", newUnique, {
  valid,
  invalid: [
    { name: "object form: .unique() on an existing column", code: edit("  bio: text(),", "  bio: text().unique(),"), filename: SCHEMA, errors: [{ messageId: "willGenerateWithAdvice", line: 10, column: 3, endLine: 10, endColumn: 6 }] },
    {
      name: "third argument: a unique index, on the item",
      code: edit("(t) => [index(\"posts_author_idx\").on(t.authorId)]", '(t) => [index("posts_author_idx").on(t.authorId), uniqueIndex("posts_title_idx").on(t.title)]', edit("index, integer", "index, uniqueIndex, integer")),
      filename: SCHEMA,
      errors: [{ messageId: "willGenerateWithAdvice", line: 23, column: 53, endLine: 23, endColumn: 95 }],
    },
    { name: "a new unique column: the index build only (no advice)", code: edit("  bio: text(),\n", "  bio: text(),\n  handle: text().unique(),\n"), filename: SCHEMA, errors: [{ messageId: "willGenerate", line: 11, column: 3, endLine: 11, endColumn: 9, data: { summary: 'add column "handle" text to "users"', reasons: 'the unique index on "handle" is built while "users" is locked' } }] },
  ],
});

describe("drizzle.config's casing", () => {
  const noCasing = drizzleProject("v2", { "drizzle.config.ts": appFile("v1", "drizzle.config.ts").replace('  casing: "snake_case",\n', "") });
  const filename = join(noCasing, "src/db/schema.ts");
  // Without casing, keys are the column names: legacyName, createdAt and authorId are new columns, and the snapshot's snake_case ones are dropped.
  ruleTester.run("drizzle-removed-column", removedColumn, {
    valid: [],
    invalid: [{ name: "unset: keys are column names", code: V2, filename, errors: [{ messageId: "willGenerateWithAdvice", ...USERS_AT }, { messageId: "willGenerateWithAdvice", ...USERS_AT }, { messageId: "willGenerateWithAdvice", ...POSTS_AT }] }],
  });
  ruleTester.run("drizzle-required-column-needs-default", requiredColumnNeedsDefault, {
    valid: [],
    invalid: [{ name: "unset: authorId is a new NOT NULL column", code: V2, filename, errors: [{ messageId: "willGenerateWithAdvice", line: 19, column: 5, endLine: 19, endColumn: 13 }] }],
  });
});

describe("a project rollsafe cannot read: one problem at 1:1, with the CLI's message", () => {
  const at = (root: string) => join(root, "src/db/schema.ts");
  // RuleTester lints a file given by its absolute path with the file system's root as the working directory.
  const shown = (root: string, path: string) => relative("/", join(root, path));
  const unreadable = drizzleProject("v2", { "drizzle.config.ts": 'export default { dialect: "postgresql", schema: "./src/db/schema.ts", out: process.env.OUT };\n' });
  const mysql = drizzleProject("v2", { "drizzle.config.ts": 'export default { dialect: "mysql", schema: "./src/db/schema.ts", out: "./drizzle" };\n' });
  const missing = drizzleProject("v2", { "drizzle/meta/0001_snapshot.json": "" });
  ruleTester.run("drizzle-removed-column", removedColumn, {
    valid: [],
    invalid: [
      { name: "out from the environment", code: V2, filename: at(unreadable), errors: [{ messageId: "cannotCompare", line: 1, column: 1, data: { problem: `${shown(unreadable, "drizzle.config.ts")}:1:76 (process.env.OUT): drizzle config field "out" cannot be read without running the file: write it as a string literal (or a const in the same file), or pass the path on the command line` } }] },
      { name: "another dialect", code: V2, filename: at(mysql), errors: [{ messageId: "cannotCompare", line: 1, column: 1 }] },
      { name: "an empty snapshot file", code: V2, filename: at(missing), errors: [{ messageId: "cannotCompare", line: 1, column: 1 }] },
    ],
  });
});
