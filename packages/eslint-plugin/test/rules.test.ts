// ESLint's RuleTester on the rollsafe rules, under vitest: the adapter's reports (message id,
// exact range, autofix output, suggestion outputs), overrides, and every rule's good.sql as a valid
// case. What each rule finds is tested on its fixtures against the CLI's snapshots
// (test/eslint-fixtures.test.ts); here the ESLint side of it is.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RuleTester } from "eslint";
import rollsafe from "eslint-plugin-rollsafe";
import { afterAll, describe, it } from "vitest";
import { DOCS_BASE } from "../../../test/support/docs-base.js";
import { FIXTURES_DIR, splitFixture, fixtureOptions } from "../../../test/support/rule-fixtures.js";
import { makeFolder, SQL_RULE_IDS } from "./support/lint-sql.js";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({ plugins: { rollsafe }, language: "rollsafe/sql" });
const rule = (id: string) => rollsafe.rules[id]!;

/**
 * The path of a migration in a fresh folder, after one earlier migration (the history the rules
 * see). The file is written too: a file that is not on disk has no place in its folder, and is linted
 * on its own. ESLint lints the test's code, not what the file holds.
 */
function after(history: string): string {
  return join(makeFolder({ "1_history.sql": history, "2_change.sql": "" }), "2_change.sql");
}

ruleTester.run("dropping-column", rule("dropping-column"), {
  valid: [
    // Created in the same migration: no previous release uses it.
    "CREATE TABLE users (id bigint, nickname text);\nALTER TABLE users DROP COLUMN nickname;\n",
    // Allowed by an override with a reason: reported by the CLI as overridden, not an ESLint problem.
    "-- compat: breaking[dropping-column] (reason: unused since v1.3)\nALTER TABLE users DROP COLUMN nickname;\n",
    { code: "ALTER TABLE users DROP COLUMN nickname; -- compat: breaking (reason: unused)\n", filename: after("CREATE TABLE users (id bigint, nickname text);") },
  ],
  invalid: [
    {
      // The table comes from an earlier migration of the folder.
      code: "ALTER TABLE users DROP COLUMN nickname;\n",
      filename: after("CREATE TABLE users (id bigint, nickname text);"),
      errors: [
        {
          messageId: "default",
          data: { column: "nickname", table: "users" },
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 39,
          suggestions: [
            {
              messageId: "insertSaferAlternative",
              output: `/* rollsafe safer alternative (dropping-column):
-- Release 1: ship code that no longer reads or writes "nickname" (e.g. Drizzle: remove it from the schema;
-- Rails: ignored_columns; Prisma: remove the field). If the column is NOT NULL, let old and new code coexist:
ALTER TABLE "users" ALTER COLUMN "nickname" DROP NOT NULL;
-- Release 2, once no running or rollback-target version uses it (back up the data if it matters):
ALTER TABLE "users" DROP COLUMN "nickname";
*/
ALTER TABLE users DROP COLUMN nickname;
`,
            },
            { messageId: "insertOverride", data: { category: "breaking", ruleId: "dropping-column" }, output: "-- compat: breaking[dropping-column] (reason: )\nALTER TABLE users DROP COLUMN nickname;\n" },
          ],
        },
      ],
    },
    {
      // UTF-16 columns after an astral character, CRLF line breaks (kept in what is inserted), and a
      // statement that does not start its line.
      code: 'SELECT 1;\r\nSELECT 2; ALTER TABLE "🎉 ünï" DROP COLUMN x;\r\n',
      errors: [
        {
          messageId: "default",
          line: 2,
          column: 32,
          endLine: 2,
          endColumn: 45,
          suggestions: [
            {
              messageId: "insertSaferAlternative",
              output: [
                "SELECT 1;",
                "SELECT 2; ",
                "/* rollsafe safer alternative (dropping-column):",
                '-- Release 1: ship code that no longer reads or writes "x" (e.g. Drizzle: remove it from the schema;',
                "-- Rails: ignored_columns; Prisma: remove the field). If the column is NOT NULL, let old and new code coexist:",
                'ALTER TABLE "🎉 ünï" ALTER COLUMN "x" DROP NOT NULL;',
                "-- Release 2, once no running or rollback-target version uses it (back up the data if it matters):",
                'ALTER TABLE "🎉 ünï" DROP COLUMN "x";',
                "*/",
                'ALTER TABLE "🎉 ünï" DROP COLUMN x;',
                "",
              ].join("\r\n"),
            },
            { messageId: "insertOverride", output: 'SELECT 1;\r\nSELECT 2; \r\n-- compat: breaking[dropping-column] (reason: )\r\nALTER TABLE "🎉 ünï" DROP COLUMN x;\r\n' },
          ],
        },
      ],
    },
    {
      // An override that names another rule allows nothing here; each sub-command is its own finding,
      // and the alternative covers that sub-command only (so it is inserted, never swapped in).
      code: "-- compat: breaking[renaming-column] (reason: unused)\nALTER TABLE users DROP COLUMN a, DROP COLUMN b;\n",
      errors: ["a", "b"].map((column, i) => ({
        messageId: "default",
        line: 2,
        column: [19, 34][i],
        endColumn: [32, 47][i],
        suggestions: [
          {
            messageId: "insertSaferAlternative",
            output: `-- compat: breaking[renaming-column] (reason: unused)
/* rollsafe safer alternative (dropping-column):
-- Release 1: ship code that no longer reads or writes "${column}" (e.g. Drizzle: remove it from the schema;
-- Rails: ignored_columns; Prisma: remove the field). If the column is NOT NULL, let old and new code coexist:
ALTER TABLE "users" ALTER COLUMN "${column}" DROP NOT NULL;
-- Release 2, once no running or rollback-target version uses it (back up the data if it matters):
ALTER TABLE "users" DROP COLUMN "${column}";
*/
ALTER TABLE users DROP COLUMN a, DROP COLUMN b;
`,
          },
          { messageId: "insertOverride", output: "-- compat: breaking[renaming-column] (reason: unused)\n-- compat: breaking[dropping-column] (reason: )\nALTER TABLE users DROP COLUMN a, DROP COLUMN b;\n" },
        ],
      })),
    },
  ],
});

ruleTester.run("adding-required-column", rule("adding-required-column"), {
  valid: ["ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;\n", "ALTER TABLE users ADD COLUMN tenant_id bigint;\n"],
  invalid: [
    {
      // The alternative's placeholder (<value>) stays inside the comment, so the file still parses.
      code: "  ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;\n",
      errors: [
        {
          messageId: "default",
          line: 1,
          column: 21,
          endColumn: 57,
          suggestions: [
            {
              messageId: "insertSaferAlternative",
              output: `  /* rollsafe safer alternative (adding-required-column):
  -- Either give it a default (instant since PostgreSQL 11; old code's inserts get the default):
  ALTER TABLE "users" ADD COLUMN "tenant_id" bigint NOT NULL DEFAULT <value>;
  -- Or expand/contract: add it nullable, ship code that writes it, backfill, then enforce.
  ALTER TABLE "users" ADD COLUMN "tenant_id" bigint;
  -- (next release, once every running version writes "tenant_id" and old rows are backfilled)
  ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_not_null" CHECK ("tenant_id" IS NOT NULL) NOT VALID;
  ALTER TABLE "users" VALIDATE CONSTRAINT "users_tenant_id_not_null";
  ALTER TABLE "users" ALTER COLUMN "tenant_id" SET NOT NULL;
  ALTER TABLE "users" DROP CONSTRAINT "users_tenant_id_not_null";
  */
  ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;
`,
            },
            { messageId: "insertOverride", output: "  -- compat: breaking[adding-required-column] (reason: )\n  ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;\n" },
          ],
        },
      ],
    },
  ],
});

// The three rules with a meaning-preserving rewrite: ESLint's autofix is the CLI's --fix.
const overrideOnly = (category: string, ruleId: string, code: string) => ({ messageId: "insertOverride", output: `-- compat: ${category}[${ruleId}] (reason: )\n${code}` });
/** The suggestion that inserts `lines` (the rule's alternative, written out) above `code`'s first statement. */
const alternative = (ruleId: string, lines: string[], code: string) => ({ messageId: "insertSaferAlternative", output: [`/* rollsafe safer alternative (${ruleId}):`, ...lines, "*/", code].join("\n") });

const INDEX = "CREATE INDEX users_email_idx ON users (email);\n";
const OUTSIDE_TRANSACTION = "-- Outside a transaction block (CONCURRENTLY cannot run inside one):";
const INSIDE_TRANSACTION = `-- CONCURRENTLY cannot run inside a transaction block: put this statement in a migration your tool runs without one (${DOCS_BASE}sources.md#transactions).`;
const CONCURRENT_INDEX = "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);";

ruleTester.run("require-concurrent-index-creation", rule("require-concurrent-index-creation"), {
  valid: ["CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n", "CREATE TABLE users (email text);\nCREATE INDEX users_email_idx ON users (email);\n"],
  invalid: [
    {
      code: INDEX,
      output: "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n",
      errors: [
        {
          messageId: "blocking",
          line: 1,
          column: 1,
          endColumn: 46,
          suggestions: [alternative("require-concurrent-index-creation", [OUTSIDE_TRANSACTION, CONCURRENT_INDEX], INDEX), overrideOnly("locking", "require-concurrent-index-creation", INDEX)],
        },
      ],
    },
    {
      // Inside a transaction CONCURRENTLY would fail: no autofix, the finding stays.
      code: `BEGIN;\n${INDEX}COMMIT;\n`,
      output: null,
      errors: [
        {
          messageId: "blocking",
          line: 2,
          suggestions: [
            { messageId: "insertSaferAlternative", output: `BEGIN;\n/* rollsafe safer alternative (require-concurrent-index-creation):\n${INSIDE_TRANSACTION}\n${CONCURRENT_INDEX}\n*/\n${INDEX}COMMIT;\n` },
            { messageId: "insertOverride", output: `BEGIN;\n-- compat: locking[require-concurrent-index-creation] (reason: )\n${INDEX}COMMIT;\n` },
          ],
        },
      ],
    },
    {
      // drizzle-kit's migrator runs every migration in one transaction (languageOptions.transaction, or the folder's layout).
      code: INDEX,
      languageOptions: { transaction: "all-pending" },
      output: null,
      errors: [{ messageId: "blocking", suggestions: [alternative("require-concurrent-index-creation", [INSIDE_TRANSACTION, CONCURRENT_INDEX], INDEX), overrideOnly("locking", "require-concurrent-index-creation", INDEX)] }],
    },
  ],
});

const FOREIGN_KEY = "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n";

ruleTester.run("constraint-missing-not-valid", rule("constraint-missing-not-valid"), {
  valid: ["ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"],
  invalid: [
    {
      code: FOREIGN_KEY,
      output: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE "orders" VALIDATE CONSTRAINT "orders_user_fk";\n',
      errors: [
        {
          messageId: "foreignKey",
          data: { name: "orders_user_fk", table: "orders", referenced: "users", lock: "a SHARE ROW EXCLUSIVE lock, which blocks writes (INSERT, UPDATE, DELETE), not reads" },
          line: 1,
          column: 20,
          endColumn: 93,
          suggestions: [
            alternative(
              "constraint-missing-not-valid",
              [
                "-- Instant: only new and updated rows are checked from now on.",
                'ALTER TABLE "orders" ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
                "-- In a separate transaction (a later migration): scans under SHARE UPDATE EXCLUSIVE, so reads and writes continue.",
                'ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_user_fk";',
              ],
              FOREIGN_KEY,
            ),
            overrideOnly("locking", "constraint-missing-not-valid", FOREIGN_KEY),
          ],
        },
      ],
    },
  ],
});

const ADD_COLUMN = "ALTER TABLE users ADD COLUMN team_id bigint;\n";

ruleTester.run("require-lock-timeout", rule("require-lock-timeout"), {
  valid: [`SET lock_timeout = '5s';\n${ADD_COLUMN}`],
  invalid: [
    {
      code: ADD_COLUMN,
      output: `SET lock_timeout = '5s';\n${ADD_COLUMN}`,
      errors: [
        {
          messageId: "missing",
          data: { tables: '"users"' },
          line: 1,
          column: 1,
          endColumn: 44,
          suggestions: [
            alternative(
              "require-lock-timeout",
              ["-- At the top of the migration (SET LOCAL inside a transaction): give up after a few seconds instead of blocking the table.", "SET lock_timeout = '5s';", ADD_COLUMN.trimEnd()],
              ADD_COLUMN,
            ),
            overrideOnly("locking", "require-lock-timeout", ADD_COLUMN),
          ],
        },
      ],
    },
  ],
});

// The engine's own checks.
ruleTester.run("invalid-override", rule("invalid-override"), {
  valid: ["-- compat: breaking (reason: unused since v1.3)\nALTER TABLE users DROP COLUMN nickname;\n"],
  invalid: [
    {
      // No suggestion: the finding is about the comment, not a statement.
      code: "-- compat: breaking\nALTER TABLE users DROP COLUMN nickname;\n",
      errors: [{ message: "Override without a reason. Add `(reason: <why this is acceptable>)`: the reason is shown in every report.", line: 1, column: 1, endLine: 1, endColumn: 20 }],
    },
    {
      // The suggested override is invalid until its reason is written.
      code: "-- compat: breaking[dropping-column] (reason: )\nALTER TABLE users DROP COLUMN nickname;\n",
      errors: [{ message: "Override with an empty reason. Say why the break is acceptable: the reason is shown in every report.", line: 1, column: 1 }],
    },
  ],
});

ruleTester.run("unused-override", rule("unused-override"), {
  valid: ["ALTER TABLE users ADD COLUMN bio text;\n"],
  invalid: [
    {
      code: "-- compat: breaking (reason: just in case)\nALTER TABLE users ADD COLUMN bio text;\n",
      errors: [{ messageId: "default", data: { category: "breaking", rules: "" }, line: 1, column: 1, endColumn: 43 }],
    },
    {
      // Which rules run is ESLint's configuration: here only unused-override, so the override allows
      // nothing (the CLI says the same with dropping-column turned off).
      code: "-- compat: breaking (reason: unused)\nALTER TABLE users DROP COLUMN nickname;\n",
      errors: [{ messageId: "default", line: 1 }],
    },
    {
      code: "ALTER TABLE users DROP COLUMN nickname;\n-- compat: breaking (reason: after the last statement)\n",
      errors: [{ messageId: "misplaced", line: 2, column: 1 }],
    },
  ],
});

ruleTester.run("unmodeled-statement", rule("unmodeled-statement"), {
  valid: ["ALTER TABLE users ADD COLUMN bio text;\n"],
  invalid: [{ code: "DO $$ BEGIN EXECUTE 'ALTER TABLE users DROP COLUMN nickname'; END $$;\n", errors: [{ messageId: "default", data: { why: "a DO block runs procedural code" }, line: 1, column: 1, endColumn: 69 }] }],
});

const INT_ID = "CREATE TABLE orders (id int PRIMARY KEY);\n";
const DEFAULT_PLAN = "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';\n";

ruleTester.run("prefer-bigint", rule("prefer-bigint"), {
  valid: ["CREATE TABLE orders (id bigint PRIMARY KEY);\n"],
  invalid: [
    {
      code: INT_ID,
      errors: [
        {
          messageId: "default",
          line: 1,
          column: 22,
          endColumn: 28,
          suggestions: [alternative("prefer-bigint", ["CREATE TABLE orders (id bigint PRIMARY KEY);"], INT_ID), overrideOnly("hygiene", "prefer-bigint", INT_ID)],
        },
      ],
    },
  ],
});

ruleTester.run("table-rewrite with languageOptions.postgresVersion", rule("table-rewrite"), {
  // A constant default is instant since PostgreSQL 11; before it, the table is rewritten.
  valid: [{ code: DEFAULT_PLAN, languageOptions: { postgresVersion: 11 } }],
  invalid: [
    {
      code: DEFAULT_PLAN,
      languageOptions: { postgresVersion: 10 },
      errors: [
        {
          messageId: "defaultBefore11",
          line: 1,
          column: 19,
          endColumn: 54,
          suggestions: [
            alternative(
              "table-rewrite",
              [
                "-- Instant: a nullable column without a default.",
                'ALTER TABLE "users" ADD COLUMN "plan" text;',
                'ALTER TABLE "users" ALTER COLUMN "plan" SET DEFAULT \'free\'; -- new rows only, instant',
                'UPDATE "users" SET "plan" = \'free\' WHERE "plan" IS NULL; -- in batches of a few thousand rows',
              ],
              DEFAULT_PLAN,
            ),
            overrideOnly("locking", "table-rewrite", DEFAULT_PLAN),
          ],
        },
      ],
    },
  ],
});

describe("every rule's good.sql", () => {
  // The engine's own checks depend on the other rules running (an override allows their findings): they are tested above.
  const ids = SQL_RULE_IDS.filter((id) => !["invalid-override", "unused-override", "unmodeled-statement"].includes(id));
  for (const id of ids) {
    const text = readFileSync(join(FIXTURES_DIR, id, "good.sql"), "utf8");
    const { history, change } = splitFixture(text);
    const options = fixtureOptions(text);
    const filename = history === undefined ? join(makeFolder({}), "change.sql") : after(history);
    ruleTester.run(id, rule(id), {
      valid: [
        {
          name: `${id}/good.sql`,
          code: change,
          filename,
          languageOptions: { ...(options.postgresVersion !== undefined ? { postgresVersion: options.postgresVersion } : {}), ...(options.transaction ? { transaction: options.transaction } : {}) },
        },
      ],
      invalid: [],
    });
  }
});
