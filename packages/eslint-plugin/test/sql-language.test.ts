// The rollsafe/sql language as ESLint uses it: parsing errors, the tree and its traversal, inline
// configuration comments, language options and the rollsafe configuration file.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Linter } from "eslint";
import rollsafe, { type SqlStatementNode } from "eslint-plugin-rollsafe";
import { describe, expect, it } from "vitest";
import { DOCS_BASE } from "../../../test/support/docs-base.js";
import { lintSql, makeFolder, render, SQL_RULE_IDS } from "./support/lint-sql.js";

const DROP = "ALTER TABLE users DROP COLUMN nickname;";
const only = (id: string) => ({ [`rollsafe/${id}`]: "error" as const });

describe("parsing", () => {
  it("reports each statement PostgreSQL rejects as a parsing error at its line and UTF-16 column", () => {
    const messages = lintSql("-- ünï 🎉\nALTER TABLE users ADD COLUMN;\nSELECT 1;\nCREAT TABLE t (id int);\n");
    expect(messages.map((m) => [m.fatal, m.ruleId, m.line, m.column, m.message])).toEqual([
      [true, null, 2, 29, "Parsing error: syntax error at end of input"],
      [true, null, 4, 1, 'Parsing error: syntax error at or near "CREAT"'],
    ]);
  });

  it("an unterminated comment is a parsing error where it starts", () => {
    expect(lintSql("SELECT 1;\n/* never closed\nSELECT 2;\n").map((m) => [m.line, m.column, m.fatal])).toEqual([[2, 1, true]]);
  });

  it("an empty, blank or comment-only file has nothing to report", () => {
    for (const text of ["", "\n\n  \n", "-- nothing yet\n/* really */\n"]) expect(lintSql(text)).toEqual([]);
  });

  it("a byte-order mark does not shift columns", () => {
    expect(lintSql(`\uFEFF${DROP}\n`, { rules: only("dropping-column") }).map(render)).toEqual([expect.stringMatching(/^1:19-1:39 dropping-column /)]);
  });
});

describe("the tree", () => {
  it("has the file, its statements with their grammar kind and location, walked in order with parents", () => {
    const seen: string[] = [];
    const inspect = {
      meta: { type: "problem" as const, schema: [] },
      create(context: { sourceCode: { getParent(node: object): { type: string } | undefined } }) {
        return {
          'Statement[kind="AlterTableStmt"]'(node: SqlStatementNode) {
            seen.push(`${node.kind} ${node.loc.start.line}:${node.loc.start.column}-${node.loc.end.line}:${node.loc.end.column} [${node.range.join(",")}] in ${context.sourceCode.getParent(node)?.type}`);
          },
          "Statement:exit"(node: SqlStatementNode) {
            seen.push(`exit ${node.kind}`);
          },
          "SqlFile:exit"() {
            seen.push("exit SqlFile");
          },
        };
      },
    };
    const linter = new Linter({ cwd: "/x" });
    const messages = linter.verify(
      "CREATE TABLE t (id int);\n  ALTER TABLE t ADD COLUMN b text;\n",
      [{ files: ["**/*.sql"], plugins: { rollsafe, test: { rules: { inspect } } }, language: "rollsafe/sql", rules: { "test/inspect": "error" } }],
      "/x/migration.sql",
    );
    expect(messages).toEqual([]);
    expect(seen).toEqual(["exit CreateStmt", "AlterTableStmt 2:3-2:34 [27,58] in SqlFile", "exit AlterTableStmt", "exit SqlFile"]);
  });
});

describe("inline configuration comments", () => {
  const history = "CREATE TABLE users (id bigint, nickname text, email text);";
  const inFolder = () => join(makeFolder({ "1_init.sql": history, "2_change.sql": "" }), "2_change.sql");
  const rules = { ...only("dropping-column"), ...only("require-lock-timeout") };

  it("-- eslint-disable-next-line with a justification after --, and -- eslint-disable-line", () => {
    const filename = inFolder();
    const linter = new Linter({ cwd: dirname(filename) });
    const config: Linter.Config[] = [{ files: ["**/*.sql"], plugins: { rollsafe }, language: "rollsafe/sql", rules }];
    const text = `SET lock_timeout = '2s';\n-- eslint-disable-next-line rollsafe/dropping-column -- approved in RFC-7\n${DROP}\nALTER TABLE users DROP COLUMN email; -- eslint-disable-line rollsafe/dropping-column\n`;
    expect(linter.verify(text, config, filename)).toEqual([]);
    const suppressed = linter.getSuppressedMessages();
    expect(suppressed.map((m) => [m.ruleId, m.line, m.suppressions[0]?.justification])).toEqual([
      ["rollsafe/dropping-column", 3, "approved in RFC-7"],
      ["rollsafe/dropping-column", 4, ""],
    ]);
  });

  it("/* eslint-disable */ ... /* eslint-enable */ blocks, and /* eslint rule: off */", () => {
    const text = `/* eslint-disable rollsafe/dropping-column */\n${DROP}\n/* eslint-enable rollsafe/dropping-column */\nALTER TABLE users DROP COLUMN email;\n`;
    expect(lintSql(text, { filename: inFolder(), rules }).map((m) => `${m.line} ${m.ruleId}`)).toEqual(["2 rollsafe/require-lock-timeout", "4 rollsafe/dropping-column"]);
    expect(lintSql(`/* eslint rollsafe/dropping-column: off */\n${DROP}\n`, { filename: inFolder(), rules }).map((m) => `${m.line} ${m.ruleId}`)).toEqual(["2 rollsafe/require-lock-timeout"]);
  });

  it("a comment inside a statement is a directive too; an unused one is reported when asked", () => {
    const text = `ALTER TABLE users\n  -- eslint-disable-next-line rollsafe/dropping-column\n  DROP COLUMN nickname;\n-- eslint-disable-next-line rollsafe/dropping-column\nSELECT 1;\n`;
    const messages = lintSql(text, { filename: inFolder(), rules: only("dropping-column"), reportUnusedDisableDirectives: true });
    expect(messages.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([
      "4:1 Unused eslint-disable directive (no problems were reported from 'rollsafe/dropping-column').",
    ]);
  });

  it("a malformed /* eslint */ comment is a problem at the comment", () => {
    const messages = lintSql(`/* eslint rollsafe/dropping-column: [ */\n${DROP}\n`, { rules: only("dropping-column") });
    expect(messages[0]).toMatchObject({ ruleId: null, line: 1, column: 1, fatal: true });
  });

  it("-- compat: overrides are not ESLint directives: they are rollsafe's, read by the engine", () => {
    const messages = lintSql(`-- compat: breaking (reason: unused since v1.3)\n${DROP}\n`, { filename: inFolder(), rules: { ...only("dropping-column"), ...only("unused-override") } });
    expect(messages).toEqual([]);
  });
});

describe("language options and the rollsafe configuration", () => {
  const DEFAULT_PLAN = "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';\n";

  it("reads postgres.version and migrations.transaction from the nearest rollsafe.config.json above the file", () => {
    const root = makeFolder({
      "rollsafe.config.json": JSON.stringify({ postgres: { version: 10 } }),
      "db/migrations/1_a.sql": DEFAULT_PLAN,
      "other/package.json": JSON.stringify({ name: "x", rollsafe: { migrations: { transaction: "all-pending" } } }),
      "other/migrations/1_a.sql": "CREATE INDEX i ON users (email);\n",
    });
    expect(lintSql(DEFAULT_PLAN, { filename: join(root, "db/migrations/1_a.sql"), rules: only("table-rewrite") }).map((m) => m.messageId)).toEqual(["defaultBefore11"]);
    // package.json#rollsafe: drizzle-kit's single transaction, so CONCURRENTLY cannot be the autofix.
    const index = lintSql("CREATE INDEX i ON users (email);\n", { filename: join(root, "other/migrations/1_a.sql"), rules: only("require-concurrent-index-creation") });
    expect(index.map((m) => [m.ruleId, m.fix])).toEqual([["rollsafe/require-concurrent-index-creation", undefined]]);
  });

  it("languageOptions override the file; an edited configuration file is read again", () => {
    const root = makeFolder({ "rollsafe.config.json": JSON.stringify({ postgres: { version: 10 } }), "migrations/1_a.sql": DEFAULT_PLAN });
    const filename = join(root, "migrations/1_a.sql");
    expect(lintSql(DEFAULT_PLAN, { filename, rules: only("table-rewrite"), languageOptions: { postgresVersion: 15 } })).toEqual([]);
    expect(lintSql(DEFAULT_PLAN, { filename, rules: only("table-rewrite") })).toHaveLength(1);
    writeFileSync(join(root, "rollsafe.config.json"), JSON.stringify({ postgres: { version: 16 } }) + "\n\n");
    expect(lintSql(DEFAULT_PLAN, { filename, rules: only("table-rewrite") })).toEqual([]);
  });

  it("an invalid configuration file is one problem at 1:1 with the CLI's message, not a crash", () => {
    const root = makeFolder({ "rollsafe.config.json": JSON.stringify({ postgress: {} }), "migrations/1_a.sql": DROP });
    const messages = lintSql(DROP, { filename: join(root, "migrations/1_a.sql") });
    expect(messages.map((m) => [m.line, m.column, m.fatal, m.message])).toEqual([[1, 1, true, 'Parsing error: rollsafe configuration: rollsafe.config.json: unknown key "postgress" (did you mean "postgres"?)']]);
  });

  it("languageOptions.configFile names the file, relative to the working directory", () => {
    const root = makeFolder({ "conf/rollsafe.json": JSON.stringify({ postgres: { version: 10 } }) });
    const messages = lintSql(DEFAULT_PLAN, { rules: only("table-rewrite"), languageOptions: { configFile: join(root, "conf/rollsafe.json") } });
    expect(messages.map((m) => m.messageId)).toEqual(["defaultBefore11"]);
    expect(lintSql(DEFAULT_PLAN, { languageOptions: { configFile: join(root, "missing.json") } })[0]?.message).toMatch(/missing\.json: config file not found$/);
  });

  it("ESLint refuses an unknown or invalid language option, naming it", () => {
    expect(() => lintSql(DROP, { languageOptions: { postgresVersion: 9 } })).toThrow(/languageOptions\.postgresVersion: expected an integer 10–18/);
    expect(() => lintSql(DROP, { languageOptions: { postgres: 15 } as never })).toThrow(/unknown language option "postgres" \(known: postgresVersion, source, transaction, configFile\)/);
    expect(() => lintSql(DROP, { languageOptions: { source: "flyway" as never } })).toThrow(/languageOptions\.source: expected one of: drizzle, prisma/);
  });
});

describe("the plugin object", () => {
  const sqlRuleIds = SQL_RULE_IDS;

  it("exposes every rollsafe rule but syntax-error, the three pull-request checks and the drizzle folder checks, with docs links to the pages", () => {
    expect(sqlRuleIds).toContain("dropping-column");
    expect(sqlRuleIds).toContain("unused-override");
    expect(sqlRuleIds).not.toContain("syntax-error");
    expect(sqlRuleIds).not.toContain("edited-applied-migration");
    expect(sqlRuleIds).not.toContain("snapshot-drift");
    expect(sqlRuleIds).not.toContain("override-needs-signoff");
    expect(sqlRuleIds).toHaveLength(46);
    for (const id of sqlRuleIds) {
      const url = rollsafe.rules[id]?.meta?.docs?.url ?? "";
      expect(url).toBe(`${DOCS_BASE}rules/${id}.md`);
    }
    expect(rollsafe.rules["require-lock-timeout"]?.meta?.fixable).toBe("code");
    expect(rollsafe.rules["dropping-column"]?.meta?.fixable).toBeUndefined();
  });

  it("and the five Drizzle schema rules, for JavaScript/TypeScript files, documented in the editor's page", () => {
    const drizzle = Object.keys(rollsafe.rules).filter((id) => !sqlRuleIds.includes(id));
    expect(drizzle).toEqual(["drizzle-required-column-needs-default", "drizzle-removed-column", "drizzle-removed-table", "drizzle-changed-type", "drizzle-new-unique"]);
    for (const id of drizzle) {
      expect(rollsafe.rules[id]?.meta?.languages).toEqual(["js/js"]);
      expect(rollsafe.rules[id]?.meta?.docs?.url).toBe(`${DOCS_BASE}editor.md#${id}`);
    }
  });

  it("its rules refuse to be configured for another language", () => {
    const linter = new Linter({ cwd: "/x" });
    expect(() => linter.verify("const a = 1;\n", [{ files: ["**/*.js"], plugins: { rollsafe }, rules: { "rollsafe/dropping-column": "error" } }], "/x/a.js")).toThrow(/rollsafe\/dropping-column/);
    expect(() => linter.verify("SELECT 1;\n", [{ files: ["**/*.sql"], plugins: { rollsafe }, language: "rollsafe/sql", rules: { "rollsafe/drizzle-removed-column": "error" } }], "/x/a.sql")).toThrow(/rollsafe\/drizzle-removed-column/);
  });

  it("recommended turns on rollsafe's recommended rules at their severities; strict adds the hygiene rules; both add the Drizzle rules for TypeScript files", () => {
    const recommended = rollsafe.configs.recommended[0]!.rules!;
    const strict = rollsafe.configs.strict[0]!.rules!;
    expect(recommended["rollsafe/dropping-column"]).toBe("error");
    expect(recommended["rollsafe/unused-override"]).toBe("warn");
    expect(recommended["rollsafe/prefer-bigint"]).toBe("off");
    expect(strict["rollsafe/prefer-bigint"]).toBe("warn");
    expect(recommended["rollsafe/unmodeled-statement"]).toBe("off");
    expect(Object.keys(strict)).toEqual(sqlRuleIds.map((id) => `rollsafe/${id}`));
    expect(rollsafe.configs.recommended[0]).toMatchObject({ files: ["**/migrations/**/*.sql", "**/drizzle/**/*.sql"], language: "rollsafe/sql" });
    for (const preset of ["recommended", "strict"] as const) {
      const [sql, drizzle, ...rest] = rollsafe.configs[preset];
      expect(rest).toEqual([]);
      expect(drizzle).toMatchObject({ name: `rollsafe/${preset}/drizzle`, files: ["**/*.ts", "**/*.mts", "**/*.cts"] });
      expect(typeof (drizzle!.languageOptions?.parser as { parseForESLint?: unknown }).parseForESLint).toBe("function");
      // Between them, the preset's two objects configure every rule of the plugin, once.
      expect([...Object.keys(sql!.rules!), ...Object.keys(drizzle!.rules!)].sort()).toEqual(Object.keys(rollsafe.rules).map((id) => `rollsafe/${id}`).sort());
      expect(Object.values(drizzle!.rules!)).toEqual(["error", "error", "error", "error", "error"]);
    }
  });
});
