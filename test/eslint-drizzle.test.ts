// End to end: ESLint's Node API with the recommended preset on fixtures/drizzle-app's schema file,
// against `rollsafe drizzle diff --format json` (the built CLI, a child process) on the same files. Each
// danger the diff names whose catalogue rule a Drizzle rule mirrors must be exactly one ESLint problem
// of that rule, with the change's summary, reasons and advice, at the change's place in the schema file
// (a removed column at its table's `pgTable("name"`, a removed table at the import of drizzle-orm/pg-core);
// and ESLint must report nothing else.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint, type Linter } from "eslint";
import rollsafe from "eslint-plugin-rollsafe";
import { afterAll, describe, expect, it } from "vitest";
import { APP_FIXTURE } from "./support/drizzle-app.js";
import { REPO_ROOT, runCli, tempProject } from "./support/run-cli.js";

interface DiffChange {
  kind: string;
  table?: string;
  column?: string;
  summary: string;
  dangers: { rule: string; category: string; reason: string }[];
  advice?: string;
  after?: { file: string; line: number; column: number };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The app at `upTo` (its latest snapshot is `upTo`'s), with the schema file replaced by `schema`. */
function app(upTo: number, schema: string): string {
  const dir = tempProject({});
  made.push(dir);
  for (const version of ["v1", "v2", "v3", "v4"].slice(0, upTo)) cpSync(join(APP_FIXTURE, version), dir, { recursive: true });
  writeFileSync(join(dir, "src/db/schema.ts"), schema);
  return dir;
}

const schemaOf = (version: string) => readFileSync(join(APP_FIXTURE, version, "src/db/schema.ts"), "utf8");
const V2 = schemaOf("v2");

/** The catalogue rule each Drizzle rule mirrors, from the plugin. */
const MIRRORED = new Map(Object.entries(rollsafe.rules).flatMap(([name, rule]) => {
  const mirrors = (rule.meta?.docs as { mirrors?: string } | undefined)?.mirrors;
  return mirrors ? [[mirrors, name] as const] : [];
}));
const ADVICE_KIND: Record<string, string> = { "drizzle-required-column-needs-default": "add-column", "drizzle-removed-column": "drop-column", "drizzle-removed-table": "drop-table", "drizzle-changed-type": "alter-type", "drizzle-new-unique": "add-unique" };

/** 1-based line and column of the first match of `pattern` in `text`. */
function positionOf(text: string, pattern: RegExp): { line: number; column: number } {
  const index = text.search(pattern);
  if (index < 0) throw new Error(`${pattern} not found`);
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** What ESLint must report, derived from the CLI's diff and the schema file's text. */
function expectedFrom(changes: DiffChange[], schema: string): string[] {
  const expected: string[] = [];
  for (const change of changes) {
    for (const danger of new Set(change.dangers.map((d) => d.rule))) {
      const rule = MIRRORED.get(danger);
      if (!rule) continue;
      const reasons = change.dangers.filter((d) => d.rule === danger).map((d) => d.reason).join("; ");
      const advice = change.kind === ADVICE_KIND[rule] && change.advice ? ` Instead: ${change.advice}` : "";
      let at: { line: number; column: number };
      if (change.kind === "drop-table") at = positionOf(schema, /"drizzle-orm\/pg-core"/);
      else if (change.kind === "drop-column") at = positionOf(schema, new RegExp(`pgTable\\(\\s*"${change.table!.replace(/^public\./, "")}"`));
      else at = { line: change.after!.line, column: change.after!.column };
      expected.push(`${at.line}:${at.column} ${rule} The next drizzle-kit generate will ${change.summary}: ${reasons}.${advice}`);
    }
  }
  return expected.sort();
}

async function compare(upTo: number, schema: string): Promise<{ cli: DiffChange[]; eslint: string[] }> {
  const dir = app(upTo, schema);
  const run = runCli(["drizzle", "diff", "--format", "json"], { cwd: dir });
  expect(run.stderr).toBe("");
  const cli = (JSON.parse(run.stdout) as { changes: DiffChange[] }).changes;
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: rollsafe.configs.recommended as Linter.Config[] });
  const [result] = await eslint.lintFiles(["src/db/schema.ts"]);
  const messages = result!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId?.replace("rollsafe/", "")} ${m.message}`).sort();
  expect(messages).toEqual(expectedFrom(cli, schema));
  return { cli, eslint: messages };
}

const edit = (code: string, from: string, to: string) => {
  if (code.split(from).length !== 2) throw new Error(`not exactly once: ${from}`);
  return code.replace(from, to);
};

describe("ESLint's Drizzle rules agree with `rollsafe drizzle diff` on fixtures/drizzle-app", () => {
  it("v2's schema file on v1's snapshot: a nullable column, nothing dangerous", async () => {
    const { cli, eslint } = await compare(1, V2);
    expect(cli.map((c) => c.kind)).toEqual(["add-column"]);
    expect(eslint).toEqual([]);
  });

  it("v3's schema file on v2's snapshot: a removed column", async () => {
    const { eslint } = await compare(2, schemaOf("v3"));
    expect(eslint.map((m) => m.split(" ").slice(0, 2).join(" "))).toEqual(["5:22 drizzle-removed-column"]);
  });

  it("v4's schema file on v3's snapshot: the rename drizzle-kit will ask about", async () => {
    const { cli, eslint } = await compare(3, schemaOf("v4"));
    expect(cli.map((c) => c.kind).sort()).toEqual(["add-column", "drop-column"]);
    expect(eslint).toHaveLength(1);
  });

  it("every kind of change at once, including dangers no editor rule mirrors", async () => {
    let schema = edit(V2, "  bio: text(),\n", '  bio: text().unique(),\n  tenantId: integer().notNull(),\n  token: text().notNull().$defaultFn(() => "x"),\n  handle: text().unique(),\n');
    schema = edit(schema, "  legacyName: text(),\n", "");
    schema = edit(schema, "title: t.varchar({ length: 200 })", "title: t.varchar({ length: 100 })");
    schema = edit(schema, "    body: t.text(),\n", "    body: t.text().notNull(),\n");
    schema = edit(schema, '(t) => [index("posts_author_idx").on(t.authorId)]', '(t) => [index("posts_author_idx").on(t.authorId), uniqueIndex("posts_title_idx").on(t.title)]');
    schema = edit(schema, "index, integer", "index, uniqueIndex, integer");
    const { cli, eslint } = await compare(2, schema);
    // set-not-null has no editor rule: the diff lists it, ESLint does not.
    expect(cli.map((c) => c.kind).sort()).toEqual(["add-column", "add-column", "add-column", "add-unique", "add-unique", "alter-type", "drop-column", "set-not-null"]);
    expect(eslint.map((m) => m.split(" ").slice(0, 2).join(" "))).toEqual([
      "10:3 drizzle-required-column-needs-default",
      "11:3 drizzle-required-column-needs-default",
      "12:3 drizzle-new-unique",
      "22:5 drizzle-changed-type",
      "25:53 drizzle-new-unique",
      "5:22 drizzle-removed-column",
      "9:3 drizzle-new-unique",
    ]);
  });

  it("a removed table", async () => {
    const removed = V2.slice(0, V2.indexOf("export const posts"));
    const { eslint } = await compare(2, removed);
    expect(eslint.map((m) => m.split(" ").slice(0, 2).join(" "))).toEqual(["1:83 drizzle-removed-table"]);
  });
});

describe("the cost of the Drizzle rules for a project that lints only SQL", () => {
  it("loading the plugin does not load TypeScript; parsing the first TypeScript file does", () => {
    const script = `
      import { createRequire } from "node:module";
      const { Linter } = await import("eslint");
      const { default: rollsafe } = await import(${JSON.stringify(join(REPO_ROOT, "packages/eslint-plugin/dist/index.js"))});
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => /[\\/]node_modules[\\/]typescript[\\/]/.test(path));
      const before = loaded();
      new Linter({ cwd: "/x" }).verify("SELECT 1;\\n", rollsafe.configs.recommended, "/x/migrations/1_a.sql");
      const afterSql = loaded();
      new Linter({ cwd: "/x" }).verify("export const a: number = 1;\\n", rollsafe.configs.recommended, "/x/a.ts");
      console.log(JSON.stringify([before, afterSql, loaded()]));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([false, false, true]);
  });
});
