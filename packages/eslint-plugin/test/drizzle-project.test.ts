// The Drizzle project behind the schema rules: read once per process and again when drizzle.config, the
// journal, the snapshot or another schema file changes on disk; several schema files compared at once,
// each removed table reported by exactly one of them.
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Linter } from "eslint";
import rollsafe from "eslint-plugin-rollsafe";
import { describe, expect, it } from "vitest";
import { DrizzleProjects } from "../src/drizzle/drizzle-projects.js";
import { appFile, DRIZZLE_APP, drizzleProject } from "./support/drizzle-project.js";

/** Position, rule, and the message up to its first colon (what the next generate will do). */
const render = (m: Linter.LintMessage) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId?.replace("rollsafe/", "")} ${m.message.split(": ")[0]}`;

function lint(code: string, filename: string): string[] {
  const linter = new Linter({ cwd: "/" });
  return linter.verify(code, rollsafe.configs.recommended as Linter.Config[], filename).map(render);
}

describe("DrizzleProjects", () => {
  it("reads a project once, and again when its latest snapshot changes", () => {
    const root = drizzleProject("v2");
    const projects = new DrizzleProjects();
    const file = join(root, "src/db/schema.ts");
    const first = projects.projectOf(file, root)!.project!;
    expect([projects.reads, first.snapshotPath, first.schemaFiles]).toEqual([1, "drizzle/meta/0001_snapshot.json", [file]]);
    expect(first.snapshot!.tables.find((t) => t.name === "users")!.columns.map((c) => c.name)).toContain("legacy_name");
    expect(projects.projectOf(file, root)!.project).toBe(first);
    expect(projects.reads).toBe(1);
    // drizzle-kit generate writes v3's migration: a new journal entry and snapshot.
    cpSync(join(DRIZZLE_APP, "v3/drizzle"), join(root, "drizzle"), { recursive: true });
    const next = projects.projectOf(file, root)!.project!;
    expect([projects.reads, next.snapshotPath]).toEqual([2, "drizzle/meta/0002_snapshot.json"]);
    expect(next.snapshot!.tables.find((t) => t.name === "users")!.columns.map((c) => c.name)).not.toContain("legacy_name");
  });

  it("reads drizzle.config again when it changes, and says what it cannot read", () => {
    const root = drizzleProject("v2");
    const projects = new DrizzleProjects();
    const file = join(root, "src/db/schema.ts");
    expect(projects.projectOf(file, root)!.project).toBeDefined();
    writeFileSync(join(root, "drizzle.config.ts"), 'export default { dialect: "sqlite", schema: "./src/db/schema.ts" };\n');
    expect(projects.projectOf(file, root)).toEqual({ error: 'drizzle.config.ts: not supported yet: sqlite (rollsafe checks PostgreSQL migrations; drizzle-kit\'s dialect here is "sqlite")' });
    rmSync(join(root, "drizzle.config.ts"));
    expect(projects.projectOf(file, root)).toBeUndefined();
  });

  it("expands the schema globs again once the last expansion is a second old", () => {
    const root = drizzleProject("v2", { "drizzle.config.ts": 'export default { dialect: "postgresql", schema: "./src/db/*.ts", out: "./drizzle", casing: "snake_case" };\n' });
    let now = 0;
    const projects = new DrizzleProjects({ now: () => now });
    const file = join(root, "src/db/schema.ts");
    expect(projects.projectOf(file, root)!.project!.schemaFiles).toEqual([join(root, "src/db/client.ts"), file]);
    writeFileSync(join(root, "src/db/tags.ts"), "export {};\n");
    now = 999;
    expect(projects.projectOf(file, root)!.project!.schemaFiles).toHaveLength(2);
    now = 1000;
    expect(projects.projectOf(file, root)!.project!.schemaFiles).toEqual([join(root, "src/db/client.ts"), file, join(root, "src/db/tags.ts")]);
    expect(projects.reads).toBe(1);
  });

  it("parses another schema file once per change on disk, and says where one does not parse", () => {
    const root = drizzleProject("v2");
    const projects = new DrizzleProjects();
    const path = join(root, "src/db/schema.ts");
    const first = projects.schemaFile(path, root);
    expect(first.file!.syntax.variables.map((v) => v.name)).toEqual(["role", "users", "posts"]);
    expect(projects.schemaFile(path, root)).toBe(first);
    writeFileSync(path, "export const users = pgTable(\"users\", {\n  id: serial(.primaryKey(),\n});\n");
    expect(projects.schemaFile(path, root)).toEqual({ error: "src/db/schema.ts:2:14: Argument expression expected." });
  });
});

describe("several schema files", () => {
  const USERS = appFile("v2", "src/db/schema.ts").slice(0, appFile("v2", "src/db/schema.ts").indexOf("export const posts"));
  const POSTS = `import { index, pgTable } from "drizzle-orm/pg-core";\nimport { users } from "./users";\n\nexport const posts = pgTable(\n  "posts",\n  (t) => ({\n    id: t.serial().primaryKey(),\n    authorId: t.integer().notNull().references(() => users.id, { onDelete: "cascade" }),\n    title: t.varchar({ length: 200 }).notNull(),\n    body: t.text(),\n  }),\n  (t) => [index("posts_author_idx").on(t.authorId)],\n);\n`;
  const project = () =>
    drizzleProject("v2", {
      "drizzle.config.ts": 'export default { dialect: "postgresql", schema: "./src/db/schema", out: "./drizzle", casing: "snake_case" };\n',
      "src/db/schema/users.ts": USERS,
      "src/db/schema/posts.ts": POSTS,
    });

  it("are compared with the snapshot together: a file that matches its part of it has nothing to say", () => {
    const root = project();
    expect(lint(USERS, join(root, "src/db/schema/users.ts"))).toEqual([]);
    expect(lint(POSTS, join(root, "src/db/schema/posts.ts"))).toEqual([]);
    // A column removed in one file is reported there, on its table.
    expect(lint(POSTS.replace("    body: t.text(),\n", ""), join(root, "src/db/schema/posts.ts"))).toEqual(['4:22-5:10 drizzle-removed-column The next drizzle-kit generate will drop column "body" of "posts"']);
  });

  it("a table moved to another file is not removed", () => {
    const root = project();
    const moved = USERS + POSTS.slice(POSTS.indexOf("export const posts"));
    writeFileSync(join(root, "src/db/schema/posts.ts"), "export {};\n");
    expect(lint(moved, join(root, "src/db/schema/users.ts"))).toEqual([]);
    expect(lint(USERS, join(root, "src/db/schema/users.ts"))).toEqual(['1:83-1:104 drizzle-removed-table The next drizzle-kit generate will drop table "posts"']);
  });

  it("a removed table is reported once: by the file being edited while its saved version declares it, else by the first file declaring a table", () => {
    const root = project();
    const postsFile = join(root, "src/db/schema/posts.ts");
    const usersFile = join(root, "src/db/schema/users.ts");
    const emptied = 'import { pgTable } from "drizzle-orm/pg-core";\n';
    // Being edited: posts.ts no longer declares posts, its saved version does.
    expect(lint(emptied, postsFile)).toEqual(['1:25-1:46 drizzle-removed-table The next drizzle-kit generate will drop table "posts"']);
    expect(lint(USERS, usersFile)).toEqual([]);
    // Saved: users.ts is now the first schema file that declares a table.
    writeFileSync(postsFile, emptied);
    expect(lint(emptied, postsFile)).toEqual([]);
    expect(lint(USERS, usersFile)).toEqual(['1:83-1:104 drizzle-removed-table The next drizzle-kit generate will drop table "posts"']);
  });

  it("ESLint's own comments silence a finding on the line it is reported on", () => {
    const root = project();
    const file = join(root, "src/db/schema/users.ts");
    const code = USERS.replace("  legacyName: text(),\n", "").replace('export const users = pgTable("users"', '// eslint-disable-next-line rollsafe/drizzle-removed-column -- unused since v1.3\nexport const users = pgTable("users"');
    const linter = new Linter({ cwd: root });
    expect(linter.verify(code, rollsafe.configs.recommended as Linter.Config[], file)).toEqual([]);
    expect(linter.getSuppressedMessages().map((m) => [m.ruleId, m.line, m.suppressions[0]?.justification])).toEqual([["rollsafe/drizzle-removed-column", 6, "unused since v1.3"]]);
  });

  it("another schema file that does not parse: one problem at 1:1, naming it", () => {
    const root = project();
    writeFileSync(join(root, "src/db/schema/posts.ts"), "export const posts = ;\n");
    const linter = new Linter({ cwd: root });
    const messages = linter.verify(USERS, rollsafe.configs.recommended as Linter.Config[], join(root, "src/db/schema/users.ts"));
    expect(messages.map((m) => [m.line, m.column, m.message])).toEqual([[1, 1, "rollsafe cannot compare this schema file with drizzle-kit's latest snapshot: src/db/schema/posts.ts:1:22: Expression expected. (rollsafe compares all the schema files with the snapshot at once)"]]);
  });
});
