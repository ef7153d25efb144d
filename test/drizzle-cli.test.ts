// The Drizzle parts of the CLI end to end: drizzle.config discovery for `rollsafe lint` and `verify`, other dialects,
// and `rollsafe drizzle diff` on fixtures/drizzle-app.
import { cpSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { APP_FIXTURE } from "./support/drizzle-app.js";
import { writeFiles } from "./support/git-repo.js";
import { runCli, tempProject } from "./support/run-cli.js";

/** fixtures/drizzle-app with versions v1..`upTo` copied over each other (no git needed). */
function app(upTo: number, extra: Record<string, string> = {}): string {
  const dir = tempProject({});
  for (const version of ["v1", "v2", "v3", "v4"].slice(0, upTo)) cpSync(join(APP_FIXTURE, version), dir, { recursive: true });
  writeFiles(dir, extra);
  return dir;
}

describe("rollsafe lint in a Drizzle project", () => {
  it("finds drizzle.config.ts above the working directory and lints its out folder (with the snapshot checks)", () => {
    const dir = app(2, { "drizzle.config.ts": 'import { defineConfig } from "drizzle-kit";\nexport default defineConfig({ dialect: "postgresql", schema: "./src/db/schema.ts", out: "./db/migrations" });\n' });
    cpSync(join(dir, "drizzle"), join(dir, "db/migrations"), { recursive: true });
    rmSync(join(dir, "drizzle"), { recursive: true });
    writeFiles(dir, { "db/migrations/0001_add_bio.sql": 'ALTER TABLE "users" ADD COLUMN "bio" varchar(80);' });
    const result = runCli(["lint", "--format", "json"], { cwd: join(dir, "src") });
    const doc = JSON.parse(result.stdout) as { files: { path: string }[]; findings: { ruleId: string; path: string; message: string }[] };
    // Paths outside the working directory are shown absolute.
    expect(doc.files.map((f) => relative(dir, f.path))).toEqual(["db/migrations/0000_init.sql", "db/migrations/0001_add_bio.sql"]);
    const drift = doc.findings.filter((f) => f.ruleId === "snapshot-drift");
    expect(drift.map((f) => relative(dir, f.path))).toEqual(["db/migrations/0001_add_bio.sql"]);
    expect(drift[0]!.message).toMatch(/^After 0001_add_bio, column "bio" of "users" is varchar\(80\) in the SQL but text in meta\/0001_snapshot\.json: /);
    expect(result.status).toBe(0);
  });

  it("rollsafe verify finds the folder drizzle.config.ts names (one no usual place would find)", () => {
    const dir = app(1, { "drizzle.config.ts": 'export default { dialect: "postgresql", schema: "./src/db/schema.ts", out: "./database/changes" };\n' });
    cpSync(join(dir, "drizzle"), join(dir, "database/changes"), { recursive: true });
    rmSync(join(dir, "drizzle"), { recursive: true });
    const result = runCli(["verify", "--format", "json", "--no-cache"], { cwd: join(dir, "src") });
    expect(result.stderr).toBe("");
    const doc = JSON.parse(result.stdout) as { migrations: { path: string }[]; failure: unknown };
    expect(doc.migrations.map((m) => relative(dir, m.path))).toEqual(["database/changes/0000_init.sql"]);
    expect(doc.failure).toBeNull();
    expect(result.status).toBe(0);
  }, 60_000);

  it.each(["mysql", "sqlite"])("stops with exit 2 on a %s project: not supported yet, never findings", (dialect) => {
    const dir = app(1, { "drizzle.config.ts": `export default { dialect: "${dialect}", schema: "./src/db/schema.ts", out: "./drizzle" };\n` });
    const result = runCli(["lint"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`rollsafe: drizzle.config.ts: not supported yet: ${dialect} (rollsafe checks PostgreSQL migrations; drizzle-kit's dialect here is "${dialect}")\n`);
  });

  it("stops with exit 2 on a journal of another dialect given as a path", () => {
    const dir = app(1);
    writeFiles(dir, { "drizzle/meta/_journal.json": '{ "version": "6", "dialect": "sqlite", "entries": [{ "idx": 0, "version": "6", "when": 1, "tag": "0000_init", "breakpoints": true }] }' });
    const result = runCli(["lint", "drizzle"], { cwd: dir });
    expect([result.status, result.stderr]).toEqual([2, 'rollsafe: drizzle/meta/_journal.json: not supported yet: sqlite (rollsafe checks PostgreSQL migrations; drizzle-kit\'s dialect here is "sqlite")\n']);
  });

  it("names the config field it cannot read statically (exit 2)", () => {
    const dir = app(1, { "drizzle.config.ts": 'export default {\n  dialect: "postgresql",\n  out: process.env.OUT_DIR,\n  schema: "./src/db/schema.ts",\n};\n' });
    const result = runCli(["lint"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rollsafe: drizzle\.config\.ts:3:8 \(process\.env\.OUT_DIR\): drizzle config field "out" cannot be read without running the file/);
  });
});

describe("rollsafe drizzle diff", () => {
  it("v3's schema file against v2's latest snapshot: the dropped column, with its danger and advice (exit 1)", () => {
    const dir = app(2);
    cpSync(join(APP_FIXTURE, "v3/src/db/schema.ts"), join(dir, "src/db/schema.ts"));
    const result = runCli(["drizzle", "diff", "--format", "json"], { cwd: dir });
    const doc = JSON.parse(result.stdout) as { snapshot: string; schemaFiles: string[]; changes: { kind: string; column?: string; dangers: { rule: string; category: string }[]; advice?: string; before?: { file: string; line: number } }[] };
    expect([doc.snapshot, doc.schemaFiles]).toEqual(["drizzle/meta/0001_snapshot.json", ["src/db/schema.ts"]]);
    expect(doc.changes.map((c) => [c.kind, c.column, c.dangers.map((d) => `${d.category}:${d.rule}`)])).toEqual([["drop-column", "legacy_name", ["breaking:dropping-column", "data-loss:dropping-column"]]]);
    expect(doc.changes[0]!.before).toEqual({ file: "drizzle/meta/0001_snapshot.json", line: 96, column: 9 });
    expect(result.status).toBe(1);
  });

  it("a schema file that matches its snapshot: nothing to generate (exit 0)", () => {
    const result = runCli(["drizzle", "diff"], { cwd: app(4) });
    expect(result.stdout).toContain("No change: drizzle-kit generate has nothing to generate.");
    expect(result.status).toBe(0);
  });

  it("a safe change exits 0; the text lists it", () => {
    const dir = app(1);
    cpSync(join(APP_FIXTURE, "v2/src/db/schema.ts"), join(dir, "src/db/schema.ts"));
    const result = runCli(["drizzle", "diff"], { cwd: dir });
    expect(result.stdout).toContain('✔ add column "bio" text to "users"  src/db/schema.ts:10:3');
    expect(result.status).toBe(0);
  });

  it("without a drizzle config: exit 2 with one line", () => {
    const result = runCli(["drizzle", "diff"], { cwd: tempProject({ ".git/HEAD": "" }) });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rollsafe: drizzle diff: no drizzle\.config\.\{ts,mts,js,mjs,json\} found in /);
  });
});
