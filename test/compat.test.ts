// `rollsafe compat --base <ref>` end to end on fixtures/drizzle-app's history (a real git repository
// built in a temp folder): v2 adds a nullable column (compatible), v3 drops a column v2's code declares
// and v3's admin.ts still uses, v4 renames a column through drizzle-kit's drop + add.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { drizzleAppRepo } from "./support/drizzle-app.js";
import { git, writeFiles } from "./support/git-repo.js";
import { runCli } from "./support/run-cli.js";

interface CompatJson {
  base: { ref: string };
  newMigrations: string[];
  expectations: { source: string; files: string[] };
  breaks: { kind: string; table: string; column?: string; message: string; declaredAt?: { file: string; line: number; column: number }; statement: { location: { file: string; line: number; column: number }; sql: string } }[];
  references: { location: { file: string; line: number; column: number }; form: string; column?: string }[];
}

const compat = (dir: string, ...args: string[]) => runCli(["compat", ...args], { cwd: dir });
const json = (dir: string, ...args: string[]) => {
  const result = compat(dir, ...args, "--format", "json");
  return { status: result.status, stderr: result.stderr, doc: JSON.parse(result.stdout) as CompatJson };
};

describe("rollsafe compat on fixtures/drizzle-app", () => {
  const repo = drizzleAppRepo("v4");

  it("v2 against v1's code: a nullable column is compatible (exit 0)", () => {
    git(repo, "checkout", "--quiet", "v2");
    const { status, doc } = json(repo, "--base", "v1");
    expect(doc.newMigrations).toEqual(["drizzle/0001_add_bio.sql"]);
    expect(doc.expectations).toEqual({ source: "schema file", files: ["src/db/schema.ts"] });
    expect(doc.breaks).toEqual([]);
    expect(status).toBe(0);
  });

  it("v3 against v2's code: the dropped column, at its declaration in v2's schema file and at the DROP; and v3's own code that still uses it", () => {
    git(repo, "checkout", "--quiet", "v3");
    const { status, doc } = json(repo, "--base", "v2");
    expect(doc.breaks.map((b) => [b.kind, b.table, b.column, b.declaredAt, b.statement.location, b.statement.sql])).toEqual([
      ["column-dropped", "public.users", "legacy_name", { file: "src/db/schema.ts", line: 9, column: 3 }, { file: "drizzle/0002_drop_legacy_name.sql", line: 1, column: 1 }, 'ALTER TABLE "users" DROP COLUMN "legacy_name"'],
    ]);
    // The four forms in src/admin.ts (kept from v2): relational columns, insert values, update set, property access.
    expect(doc.references.map((r) => `${r.location.file}:${r.location.line}:${r.location.column} ${r.form} ${r.column}`)).toEqual([
      "src/admin.ts:7:72 query-columns legacy_name",
      "src/admin.ts:12:67 insert-values legacy_name",
      "src/admin.ts:16:32 update-set legacy_name",
      "src/admin.ts:19:35 property-access legacy_name",
    ]);
    const admin = readFileSync(join(repo, "src/admin.ts"), "utf8").split("\n");
    expect(admin[11]!.slice(66, 76)).toBe("legacyName");
    expect(status).toBe(1);
  });

  it("v4 against v3's code: a rename done as DROP + ADD breaks the previous release", () => {
    git(repo, "checkout", "--quiet", "v4");
    const { status, doc } = json(repo, "--base", "v3");
    expect(doc.breaks.map((b) => [b.kind, b.column, b.statement.location.line])).toEqual([["column-dropped", "display_name", 2]]);
    expect(doc.breaks[0]!.message).toContain('the same migration adds "full_name": if that is a rename done as DROP + ADD, the data is lost too');
    expect(doc.references.map((r) => `${r.location.file}:${r.location.line} ${r.form} ${r.column}`)).toEqual(["src/admin.ts:12 insert-values display_name"]);
    expect(status).toBe(1);
  });

  it("v4 against v1's code: every break of the range, in migration order", () => {
    const { doc } = json(repo, "--base", "v1", "--no-references");
    expect(doc.breaks.map((b) => `${b.kind} ${b.column} ${b.statement.location.file}`)).toEqual(["column-dropped legacy_name drizzle/0002_drop_legacy_name.sql", "column-dropped display_name drizzle/0003_rename_display_name.sql"]);
  });

  it("reads the base from git objects: the working tree and the index are untouched, uncommitted migrations count as new", () => {
    git(repo, "checkout", "--quiet", "v4");
    writeFiles(repo, { "drizzle/0004_by_hand.sql": 'ALTER TABLE "posts" ALTER COLUMN "title" SET DATA TYPE varchar(50);\n' });
    const before = git(repo, "status", "--porcelain");
    const { doc } = json(repo, "--base", "v4", "--no-references");
    expect(doc.breaks.map((b) => [b.kind, b.table, b.column, b.statement.location.file])).toEqual([["type-changed", "public.posts", "title", "drizzle/0004_by_hand.sql"]]);
    expect(git(repo, "status", "--porcelain")).toBe(before);
    git(repo, "clean", "--quiet", "-f", "drizzle");
  });

  it("follows row types through drizzle-orm when the current schema file still declares the dropped column (a hand-written DROP)", () => {
    git(repo, "checkout", "--quiet", "v2");
    writeFiles(repo, { "drizzle/0002_by_hand.sql": 'ALTER TABLE "users" DROP COLUMN "legacy_name";\n' });
    const { doc } = json(repo, "--base", "v2");
    git(repo, "clean", "--quiet", "-f", "drizzle");
    expect(doc.breaks.map((b) => `${b.kind} ${b.column}`)).toEqual(["column-dropped legacy_name"]);
    // report.ts:7's row.legacyName is only known to be the column through the row type drizzle-orm infers
    // for db.select().from(users). (admin.ts:8's row.legacyName, on a relational query's rows, is not: that
    // row type's properties carry no declaration; the columns: { legacyName } it comes from is reported.)
    expect(doc.references.map((r) => `${r.location.file}:${r.location.line} ${r.form}`)).toEqual([
      "src/admin.ts:7 query-columns",
      "src/admin.ts:12 insert-values",
      "src/admin.ts:16 update-set",
      "src/admin.ts:19 property-access",
      "src/report.ts:7 property-access",
      "src/users.ts:6 insert-values",
      "src/users.ts:15 query-columns",
    ]);
  }, 120_000);

  it("falls back to the latest snapshot at the base when the base has no schema file", () => {
    git(repo, "checkout", "--quiet", "v3");
    // A config without "schema": only the migrations folder is known.
    writeFiles(repo, { "drizzle.config.json": '{ "dialect": "postgresql", "out": "./drizzle" }' });
    const { doc } = json(repo, "--base", "v2", "--drizzle-config", "drizzle.config.json", "--no-references");
    git(repo, "clean", "--quiet", "-f", "drizzle.config.json");
    expect(doc.expectations).toEqual({ source: "snapshot", files: ["drizzle/meta/0001_snapshot.json"] });
    expect(doc.breaks.map((b) => [b.kind, b.column, b.declaredAt])).toEqual([["column-dropped", "legacy_name", { file: "drizzle/meta/0001_snapshot.json", line: 96, column: 9 }]]);
  }, 60_000);

  it("text output names the declaration, the statement and the verdict", () => {
    git(repo, "checkout", "--quiet", "v3");
    const result = compat(repo, "--base", "v2");
    expect(result.stdout).toContain('✖ column "legacy_name" of "users" is dropped');
    expect(result.stdout).toContain("declared at src/db/schema.ts:9:3 (at v2)");
    expect(result.stdout).toContain('broken by drizzle/0002_drop_legacy_name.sql:1:1  ALTER TABLE "users" DROP COLUMN "legacy_name"');
    expect(result.stdout).toContain("rolling the code back after these migrations is not safe");
    expect(result.status).toBe(1);
  });

  it("usage errors exit 2 with one line: an unknown ref, a missing --base", () => {
    const unknown = compat(repo, "--base", "v9");
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringMatching(/^rollsafe: --base: "v9" does not name a commit/)]);
    const missing = compat(repo);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/required option '--base <ref>'/);
  });
});
