import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOCS_BASE } from "./support/docs-base.js";
import { runCli, tempProject } from "./support/run-cli.js";

const EXAMPLE = "fixtures/example/drizzle";
// An escape sequence starts every colour code.
const ANSI = new RegExp(String.fromCharCode(27) + "\\[");

interface JsonFinding {
  ruleId: string;
  category: string;
  severity: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  saferAlternative: string | null;
  overridden: { reason: string } | null;
}

describe("rollsafe lint on the bundled example", () => {
  it("prints located findings with the safer alternative and exits 1", () => {
    const result = runCli(["lint", EXAMPLE]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("fixtures/example/drizzle/0002_contract.sql:4:21  error  adding-required-column");
    expect(result.stdout).toContain("fixtures/example/drizzle/0002_contract.sql:5:1  error  renaming-column");
    expect(result.stdout).toContain("Safer alternative:");
    expect(result.stdout).toContain("override reason: legacy_name unused since v1.3");
    expect(result.stdout).toMatch(/✖ 4 errors, 2 warnings, 1 overridden \(3 migrations, 13 statements checked\)/);
    // Not a terminal and no FORCE_COLOR: no escape codes.
    expect(result.stdout).not.toMatch(ANSI);
  });

  it("writes the documented JSON format", () => {
    const result = runCli(["lint", EXAMPLE, "--format", "json"]);
    expect(result.status).toBe(1);
    const json = JSON.parse(result.stdout) as { version: number; files: Array<{ path: string; statements: number }>; findings: JsonFinding[]; summary: Record<string, number> };
    expect(json.version).toBe(1);
    expect(json.files.map((f) => [f.path, f.statements])).toEqual([
      [`${EXAMPLE}/0000_init.sql`, 3],
      [`${EXAMPLE}/0001_expand.sql`, 5],
      [`${EXAMPLE}/0002_contract.sql`, 5],
    ]);
    const breaking = json.findings.filter((f) => f.category === "breaking");
    expect(breaking.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn, f.overridden?.reason ?? null])).toEqual([
      ["dropping-column", 3, 21, 3, 46, "legacy_name unused since v1.3, confirmed in RFC-12"],
      ["adding-required-column", 4, 21, 4, 60, null],
      ["renaming-column", 5, 1, 5, 54, null],
      ["changing-column-type", 6, 21, 6, 67, null],
    ]);
    expect(breaking.every((f) => f.severity === "error" && f.saferAlternative)).toBe(true);
    // The narrowing also rewrites the table; the expand migration's ALTERs hold their locks while more runs.
    expect(json.findings.filter((f) => f.category !== "breaking").map((f) => `${f.ruleId} ${f.path.slice(EXAMPLE.length + 1)}:${f.line}`)).toEqual([
      "multiple-exclusive-locks 0001_expand.sql:4",
      "multiple-exclusive-locks 0002_contract.sql:4",
      "table-rewrite 0002_contract.sql:6",
    ]);
    expect(json.summary).toEqual({ errors: 4, warnings: 2, notes: 0, overridden: 1, problems: 0 });
  });

  it("colours output when FORCE_COLOR is set and never when NO_COLOR is", () => {
    expect(runCli(["lint", EXAMPLE], { env: { FORCE_COLOR: "1" } }).stdout).toMatch(ANSI);
    expect(runCli(["lint", EXAMPLE], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stdout).not.toMatch(ANSI);
  });

  it("--quiet prints errors only", () => {
    const result = runCli(["lint", EXAMPLE, "--quiet"]);
    expect(result.stdout).not.toContain("overridden  dropping-column");
    expect(result.stdout).toContain("adding-required-column");
  });
});

describe("exit codes", () => {
  it("exits 0 when nothing fails", () => {
    const dir = tempProject({ "migrations/0001_init.sql": "CREATE TABLE t (id int PRIMARY KEY);\n", "migrations/0002_add.sql": "ALTER TABLE t ADD COLUMN note text;\n" });
    const result = runCli(["lint", "migrations"], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    // The ALTER takes an ACCESS EXCLUSIVE lock without a lock_timeout: a warning, which does not fail the run.
    expect(result.stdout).toContain("✔ 0 errors, 1 warning, 0 overridden (2 migrations, 2 statements checked)");
  });

  it("finds the migrations folder when no path is given", () => {
    const dir = tempProject({ "migrations/0001.sql": "CREATE TABLE t (id int);\n", "migrations/0002.sql": "DROP TABLE t;\n" });
    const result = runCli(["lint"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("migrations/0002.sql:1:1  error  dropping-table");
  });

  it.each([
    [["lint", "--bogus"], /unknown option '--bogus'/],
    [["lint", EXAMPLE, "--format", "xml"], /Allowed choices are text, json/],
    [["lint", EXAMPLE, "--source", "flyway"], /--source: unknown source "flyway"/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ])("exits 2 on a usage mistake: %j", (args, message) => {
    const result = runCli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for a missing path but still lints the others", () => {
    const result = runCli(["lint", "does-not-exist", EXAMPLE]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("rollsafe: does-not-exist: no such file or directory");
    expect(result.stdout).toContain("adding-required-column");
  });

  it("exits 2 with one line when no migrations folder can be found", () => {
    const dir = tempProject({ "README.md": "nothing here\n" });
    const result = runCli(["lint"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("no migrations folder found");
  });
});

describe("configuration", () => {
  const breaking = { "db/0001.sql": "CREATE TABLE t (id int, a int);\n", "db/0002.sql": "ALTER TABLE t DROP COLUMN a;\n" };

  it("reads rollsafe.config.json: migrations dir and rule severities", () => {
    const dir = tempProject({ ...breaking, "rollsafe.config.json": JSON.stringify({ migrations: { dir: "db" }, rules: { "dropping-column": "warn" } }) });
    const result = runCli(["lint", "--format", "json"], { cwd: dir });
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { findings: JsonFinding[] };
    expect(json.findings.filter((f) => f.category === "breaking").map((f) => [f.ruleId, f.severity])).toEqual([["dropping-column", "warn"]]);
    expect(json.findings.every((f) => f.severity !== "error")).toBe(true);
  });

  it("reads the rollsafe key of package.json and can turn a rule off", () => {
    const dir = tempProject({ ...breaking, "package.json": JSON.stringify({ name: "app", rollsafe: { migrations: { dir: "db" }, rules: { "dropping-column": "off" } } }) });
    const result = runCli(["lint"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("dropping-column");
  });

  it.each([
    [{ rules: { "droping-column": "off" } }, 'rollsafe.config.json: rules: unknown rule "droping-column" (did you mean "dropping-column"?)'],
    [{ rules: { "dropping-column": "fatal" } }, "rollsafe.config.json: rules.dropping-column:"],
    [{ postgres: { version: 9 } }, "rollsafe.config.json: postgres.version:"],
    [{ migration: { dir: "db" } }, 'rollsafe.config.json: unknown key "migration" (did you mean "migrations"?)'],
    [{ migrations: { source: "flyway" } }, "rollsafe.config.json: migrations.source:"],
    [{ overrides: { signoff: { approver: ["alice"] } } }, 'rollsafe.config.json: unknown key "overrides.signoff.approver" (did you mean "approvers"?)'],
    [{ overrides: { signoff: { required: true } } }, 'rollsafe.config.json: missing key "overrides.signoff.approvers"'],
    [{ overrides: { signoff: { approvers: ["alice smith"] } } }, 'rollsafe.config.json: overrides.signoff.approvers.0: expected a GitHub login ("alice") or a team ("@org/team")'],
    [{ overrides: { signoff: { approvers: [] } } }, "rollsafe.config.json: overrides.signoff.approvers: expected at least one approver"],
    [{ overrides: { signoff: { approvers: "owners" } } }, 'rollsafe.config.json: overrides.signoff.approvers: expected "codeowners" or a list of logins and @org/team teams'],
  ])("rejects an invalid config %j with one clear line and exit 2", (config, message) => {
    const dir = tempProject({ ...breaking, "rollsafe.config.json": JSON.stringify(config) });
    const result = runCli(["lint", "db"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("rejects a config file that is not JSON", () => {
    const dir = tempProject({ ...breaking, "rollsafe.config.json": "{ nope" });
    const result = runCli(["lint", "db"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rollsafe: rollsafe\.config\.json: invalid JSON/);
  });

  it("--config names another file", () => {
    const dir = tempProject({ ...breaking, "ci/rollsafe.json": JSON.stringify({ rules: { "dropping-column": "off" } }) });
    expect(runCli(["lint", "db", "--config", "ci/rollsafe.json"], { cwd: dir }).status).toBe(0);
    expect(runCli(["lint", "db", "--config", "ci/missing.json"], { cwd: dir }).status).toBe(2);
  });
});

describe("--new narrows the checked set", () => {
  it("checks only the new migrations, against the schema of all earlier ones", () => {
    const dir = tempProject({
      "m/0001.sql": "CREATE TABLE t (id int, a int);\n",
      "m/0002.sql": "ALTER TABLE t DROP COLUMN a;\n",
      "m/0003.sql": "CREATE TABLE u (id int, b int);\nALTER TABLE u DROP COLUMN b;\nALTER TABLE t RENAME COLUMN id TO t_id;\n",
    });
    const result = runCli(["lint", "m", "--new", "m/0003.sql", "--format", "json"], { cwd: dir });
    const json = JSON.parse(result.stdout) as { files: Array<{ path: string; checked: boolean }>; findings: JsonFinding[] };
    // 0002's DROP COLUMN is history; u is new in the change, t existed before it.
    expect(json.findings.filter((f) => f.category === "breaking").map((f) => [f.path, f.ruleId, f.line])).toEqual([["m/0003.sql", "renaming-column", 3]]);
    expect(json.files.map((f) => f.checked)).toEqual([false, false, true]);
  });

  it("rejects a --new path that is not one of the migrations", () => {
    const dir = tempProject({ "m/0001.sql": "SELECT 1;\n" });
    const result = runCli(["lint", "m", "--new", "m/0009.sql"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("is not a migration of the folders being linted");
  });
});

describe("bad input never stops the run", () => {
  it("reports a syntax error at its line and column and checks the rest", () => {
    const dir = tempProject({
      "m/0001.sql": "CREATE TABLE t (id int, a int);\n",
      "m/0002.sql": "ALTER TABLE t ADD COLUMN b int;\nALTER TABEL t DROP COLUMN a;\nALTER TABLE t DROP COLUMN a;\n",
    });
    const result = runCli(["lint", "m", "--format", "json"], { cwd: dir });
    const json = JSON.parse(result.stdout) as { findings: JsonFinding[] };
    expect(json.findings.filter((f) => f.ruleId !== "require-lock-timeout").map((f) => [f.ruleId, f.line, f.column])).toEqual([
      ["syntax-error", 2, 7],
      ["dropping-column", 3, 15],
    ]);
    expect(result.status).toBe(1);
  });

  it("names an unreadable file and lints the others", () => {
    const dir = tempProject({ "m/0001.sql": "CREATE TABLE t (id int, a int);\n", "m/0002.sql": "ALTER TABLE t DROP COLUMN a;\n" });
    const bad = `${dir}/m/0001b.sql`;
    writeFileSync(bad, Buffer.from([0x41, 0x00, 0x42]));
    const result = runCli(["lint", "m"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("m/0001b.sql: error is a binary file");
    expect(result.stdout).toContain("m/0002.sql:1:15  error  dropping-column");
    expect(result.stderr).toBe("");
  });
});

describe("rollsafe rules", () => {
  it("lists every rule as text and as JSON", () => {
    const text = runCli(["rules"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^rule\s+category\s+severity\s+preset\s+description$/m);
    expect(text.stdout).toMatch(/^dropping-column\s+breaking\S*\s+error\s+recommended\s+Dropping a column/m);
    const json = JSON.parse(runCli(["rules", "--format", "json"]).stdout) as { version: number; rules: Array<{ id: string; docsUrl: string; preset: string }> };
    expect(json.version).toBe(1);
    expect(json.rules.find((r) => r.id === "syntax-error")).toMatchObject({ docsUrl: `${DOCS_BASE}rules/syntax-error.md`, preset: "recommended" });
    expect(new Set(json.rules.map((r) => r.id)).size).toBe(json.rules.length);
  });
});

describe("--fix", () => {
  it("applies only meaning-preserving rewrites, says what it changed, and reports what is left", () => {
    const dir = tempProject({
      "m/0001.sql": "CREATE TABLE accounts (id int PRIMARY KEY);\nCREATE TABLE posts (id int, account_id int, note text);\n",
      "m/0002.sql": "CREATE INDEX posts_account_id_idx ON posts (account_id);\nALTER TABLE posts ADD CONSTRAINT posts_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);\n",
      "m/0003.sql": "ALTER TABLE posts DROP COLUMN note;\n",
    });
    const result = runCli(["lint", "m", "--fix", "--format", "json"], { cwd: dir });
    expect(readFileSync(`${dir}/m/0002.sql`, "utf8")).toBe(
      'CREATE INDEX CONCURRENTLY posts_account_id_idx ON posts (account_id);\nALTER TABLE posts ADD CONSTRAINT posts_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;\nALTER TABLE "posts" VALIDATE CONSTRAINT "posts_account_fk";\n',
    );
    expect(readFileSync(`${dir}/m/0003.sql`, "utf8")).toBe("SET lock_timeout = '5s';\nALTER TABLE posts DROP COLUMN note;\n");
    expect(result.stderr).toContain("fixed m/0002.sql:1 require-concurrent-index-creation: build the index with CONCURRENTLY");
    expect(result.stderr).toContain("3 fix(es) applied");
    // What is left: the breaking changes, which no rewrite can make safe.
    const json = JSON.parse(result.stdout) as { findings: JsonFinding[] };
    expect(json.findings.filter((f) => f.severity === "error").map((f) => `${f.path}:${f.line} ${f.ruleId}`)).toEqual(["m/0002.sql:2 adding-foreign-key", "m/0003.sql:2 dropping-column"]);
    expect(result.status).toBe(1);
  });

  it("leaves CONCURRENTLY alone where the tool runs migrations in a transaction", () => {
    const dir = tempProject({ "m/0001.sql": "CREATE TABLE posts (id int, account_id int);\n", "m/0002.sql": "CREATE INDEX posts_account_id_idx ON posts (account_id);\n", "rollsafe.config.json": JSON.stringify({ migrations: { transaction: "all-pending" } }) });
    const result = runCli(["lint", "m", "--fix"], { cwd: dir });
    expect(readFileSync(`${dir}/m/0002.sql`, "utf8")).toBe("CREATE INDEX posts_account_id_idx ON posts (account_id);\n");
    expect(result.stderr).toContain("0 fix(es) applied");
    expect(result.stdout).toContain("require-concurrent-index-creation");
  });
});

describe("--fail-on and the verdict", () => {
  it("the summary mark follows --fail-on, like the exit code", () => {
    // Only a warning: the lock_timeout one on an existing table.
    const dir = tempProject({ "m/0001.sql": "CREATE TABLE t (id int);\n", "m/0002.sql": "ALTER TABLE t ADD COLUMN note text;\n" });
    const lenient = runCli(["lint", "m"], { cwd: dir });
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain("✔ 0 errors, 1 warning");
    const strict = runCli(["lint", "m", "--fail-on", "warning"], { cwd: dir });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain("✖ 0 errors, 1 warning");
    expect(runCli(["lint", "m", "--fail-on", "warning", "--format", "markdown"], { cwd: dir }).stdout).toContain("❌ rollsafe: 1 warning fails the check");
  });
});
