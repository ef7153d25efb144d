// End to end: ESLint (Node API and its CLI) with eslint-plugin-rollsafe's recommended preset, against
// `rollsafe lint --format json` on the same files. The two must agree finding for finding: rule,
// severity, message, line and column, start and end. Where they cannot (ESLint runs no rule on a
// file that does not parse), the test says so and checks that exact difference.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { FOLDER_CHECKS } from "@rollsafe/core";
import { ESLint, type Linter } from "eslint";
import rollsafe from "eslint-plugin-rollsafe";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli, tempProject } from "./support/run-cli.js";

interface JsonFinding {
  ruleId: string;
  severity: "error" | "warn" | "note";
  message: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  overridden: { reason: string } | null;
}

/** The preset's SQL part, applied to every SQL file under fixtures/ (its own globs cover only the usual migration folders). */
function recommendedOn(files: string[], rules: Linter.RulesRecord = {}): Linter.Config[] {
  return rollsafe.configs.recommended.filter((config) => config.language === "rollsafe/sql").map((config) => ({ ...config, files, rules: { ...config.rules, ...rules } }) as Linter.Config);
}

async function eslintFindings(config: Linter.Config[], paths: string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(paths);
  return results.flatMap((result) => result.messages.map((m) => renderEslint(relative(REPO_ROOT, result.filePath), m)));
}

function renderEslint(path: string, m: Linter.LintMessage): string {
  if (m.fatal) return `${path}:${m.line}:${m.column} parsing error ${m.message.replace(/^Parsing error: /, "")}`;
  return `${path}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity === 2 ? "error" : "warn"} ${m.ruleId?.replace(/^rollsafe\//, "")} ${m.message}`;
}

function renderCli(f: JsonFinding, severity = f.severity): string {
  if (f.ruleId === "syntax-error") return `${f.path}:${f.line}:${f.column} parsing error ${f.message.replace(/^Syntax error: /, "")}`;
  return `${f.path}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${severity} ${f.ruleId} ${f.message}`;
}

/** The CLI's findings, less the drizzle folder checks (journal, snapshots), which are not ESLint rules. */
function cliFindings(paths: string[]): JsonFinding[] {
  const run = runCli(["lint", ...paths, "--format", "json"]);
  expect(run.stderr).toBe("");
  const folderChecks = new Set(FOLDER_CHECKS.map((rule) => rule.id));
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.filter((f) => !folderChecks.has(f.ruleId));
}

/** A file with a syntax error: ESLint reports its parsing errors only, the CLI also the other statements' findings. */
function parseFailures(findings: JsonFinding[]): Set<string> {
  return new Set(findings.filter((f) => f.ruleId === "syntax-error").map((f) => f.path));
}

describe("ESLint with the recommended preset agrees with `rollsafe lint --format json`", () => {
  it("on every SQL file of fixtures/, finding for finding", async () => {
    const cli = cliFindings(["fixtures"]);
    const unparsable = parseFailures(cli);
    // The one fixture written to fail parsing; its other findings are what ESLint cannot report.
    expect([...unparsable]).toEqual(["fixtures/rules/syntax-error/bad.sql"]);
    const expected = cli.filter((f) => !f.overridden && f.severity !== "note" && (!unparsable.has(f.path) || f.ruleId === "syntax-error")).map((f) => renderCli(f));
    // golang-migrate's `.down.sql` files (fixtures/executor/) are the down parts of migrations: `rollsafe
    // lint` checks up migrations only, while ESLint lints every .sql file its globs match. A known
    // difference, left out of this comparison until the plugin decides what a down file gets.
    const actual = (await eslintFindings(recommendedOn(["fixtures/**/*.sql"]), ["fixtures"])).filter((line) => !/^[^:]*\.down\.sql:/.test(line));
    expect(expected.length).toBeGreaterThan(140);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it("on notes too, once unmodeled-statement is turned on (the preset leaves it off: ESLint has no note severity)", async () => {
    const cli = cliFindings(["fixtures"]);
    const unparsable = parseFailures(cli);
    const expected = cli.filter((f) => f.severity === "note" && !unparsable.has(f.path)).map((f) => renderCli(f, "warn"));
    const actual = (await eslintFindings(recommendedOn(["fixtures/**/*.sql"], { "rollsafe/unmodeled-statement": "warn" }), ["fixtures"])).filter((line) => line.includes(" unmodeled-statement "));
    expect(expected.length).toBeGreaterThan(3);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it("the preset's own globs take drizzle/ and migrations/ folders, and nothing else", async () => {
    const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfigFile: true, overrideConfig: rollsafe.configs.recommended as Linter.Config[] });
    expect(await eslint.isPathIgnored("fixtures/example/drizzle/0002_contract.sql")).toBe(false);
    expect(await eslint.isPathIgnored("db/migrations/20240101_init/migration.sql")).toBe(false);
    expect(await eslint.calculateConfigForFile("fixtures/rules/truncate/bad.sql")).toBeUndefined();
    const actual = await eslintFindings(rollsafe.configs.recommended as Linter.Config[], ["fixtures/example/drizzle"]);
    const expected = cliFindings(["fixtures/example/drizzle"]).filter((f) => !f.overridden).map((f) => renderCli(f));
    expect(actual.sort()).toEqual(expected.sort());
  });
});

describe("the eslint command", () => {
  it("loads the plugin from an eslint.config.js and agrees with rollsafe lint, but on files that do not parse", () => {
    const project = tempProject({
      "package.json": `{ "type": "module" }\n`,
      "eslint.config.js": `import rollsafe from "${join(REPO_ROOT, "packages/eslint-plugin/dist/index.js")}";\nexport default [...rollsafe.configs.recommended];\n`,
      "migrations/0001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, nickname text, email text);\n",
      "migrations/0002_drop.sql": "-- eslint-disable-next-line rollsafe/require-lock-timeout -- set by the deploy script\nALTER TABLE users DROP COLUMN nickname;\n",
      "migrations/0003_broken.sql": "ALTER TABLE users ADD COLUMN;\nALTER TABLE users DROP COLUMN email;\n",
    });
    const eslintBin = join(REPO_ROOT, "node_modules/eslint/bin/eslint.js");
    const run = spawnSync(process.execPath, [eslintBin, "--format", "json", "migrations"], { cwd: project, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: Linter.LintMessage[]; suppressedMessages: Linter.SuppressedLintMessage[] }[];
    const actual = results.flatMap((r) => r.messages.map((m) => renderEslint(relative(project, r.filePath), m)));
    const suppressed = results.flatMap((r) => r.suppressedMessages.map((m) => `${renderEslint(relative(project, r.filePath), m)} (${m.suppressions.map((x) => x.justification).join()})`));

    const cliRun = runCli(["lint", "migrations", "--format", "json"], { cwd: project });
    const cli = (JSON.parse(cliRun.stdout) as { findings: JsonFinding[] }).findings;
    const dropped = cli.filter((f) => f.path === "migrations/0002_drop.sql");
    const lockTimeout = dropped.find((f) => f.ruleId === "require-lock-timeout");
    const others = dropped.filter((f) => f !== lockTimeout);
    expect(others.map((f) => f.ruleId)).toEqual(["dropping-column"]);
    // The eslint-disable comment moves the CLI's require-lock-timeout finding to ESLint's suppressed messages.
    expect(suppressed).toEqual([`${renderCli(lockTimeout!)} (set by the deploy script)`]);
    // 0003 does not parse: ESLint reports the parsing error; the CLI also the next statement's findings.
    const broken = cli.filter((f) => f.path === "migrations/0003_broken.sql");
    expect(broken.map((f) => f.ruleId).sort()).toEqual(["dropping-column", "require-lock-timeout", "syntax-error"]);
    expect(actual.sort()).toEqual([...others, ...broken.filter((f) => f.ruleId === "syntax-error")].map((f) => renderCli(f)).sort());
    expect(actual).toContain("migrations/0003_broken.sql:1:29 parsing error syntax error at end of input");
  });
});

describe("eslint --fix", () => {
  it("rewrites a migration as rollsafe lint --fix does", () => {
    const files = {
      "migrations/0001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n",
      "migrations/0002_change.sql":
        "CREATE INDEX users_email_idx ON users (email);\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\nALTER TABLE users ADD COLUMN team_id bigint;\n",
    };
    const withEslint = tempProject({
      ...files,
      "package.json": `{ "type": "module" }\n`,
      "eslint.config.js": `import rollsafe from "${join(REPO_ROOT, "packages/eslint-plugin/dist/index.js")}";\nexport default [...rollsafe.configs.recommended];\n`,
    });
    const withCli = tempProject(files);
    const eslint = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules/eslint/bin/eslint.js"), "--fix", "migrations"], { cwd: withEslint, encoding: "utf8" });
    expect(eslint.stderr).toBe("");
    const cli = runCli(["lint", "--fix", "migrations"], { cwd: withCli });
    expect(cli.stderr).toContain("3 fix(es) applied");
    const fixed = readFileSync(join(withEslint, "migrations/0002_change.sql"), "utf8");
    expect(fixed).toBe(readFileSync(join(withCli, "migrations/0002_change.sql"), "utf8"));
    expect(fixed).toBe(
      'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE "orders" VALIDATE CONSTRAINT "orders_user_fk";\nSET lock_timeout = \'5s\';\nALTER TABLE users ADD COLUMN team_id bigint;\n',
    );
  });
});

describe("the CLI bundle", () => {
  it("holds nothing of the ESLint plugin: ESLint loads the plugin, the rollsafe command never does", () => {
    // The entry and its chunks (code only some configurations need is split off: scripts/bundle-cli.mjs).
    const dist = join(REPO_ROOT, "packages/cli/dist");
    const chunks = readdirSync(join(dist, "chunks")).filter((f) => f.endsWith(".js"));
    const bundle = [join(dist, "rollsafe.bundle.js"), ...chunks.map((f) => join(dist, "chunks", f))].map((f) => readFileSync(f, "utf8")).join("\n");
    expect(bundle).toContain("lintMigrationSets");
    for (const marker of ["eslint-plugin-rollsafe", "@eslint/plugin-kit", "TextSourceCodeBase", "SqlSourceCode", "insertSaferAlternative"]) expect(bundle).not.toContain(marker);
  });
});
