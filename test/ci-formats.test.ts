// The CI output formats of `rollsafe lint` (github, sarif, markdown), end to end on the built bin.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty } from "../packages/cli/src/formatters/github.js";
import { MARKDOWN_MAX_LENGTH } from "../packages/cli/src/formatters/markdown.js";
import { DOCS_BASE } from "./support/docs-base.js";
import { REPO_ROOT, runCli, tempProject } from "./support/run-cli.js";

const EXAMPLE = "fixtures/example/drizzle";
const CONTRACT = `${EXAMPLE}/0002_contract.sql`;

const MESSAGES = {
  locks: `This statement runs while the transaction still holds the ACCESS EXCLUSIVE lock that an earlier statement took on "users": every read and write of it stays blocked until the transaction commits, for as long as this statement takes. Put the statement that takes the lock in its own transaction, last, or run this one first.`,
  dropColumn: `Column "legacy_name" of existing table "users" is dropped: the previous release still selects or inserts it and fails, so rolling the code back no longer works. Its data is gone for good.`,
  required: `Column "tenant_id" is added to existing table "posts" as NOT NULL without a DEFAULT: the previous release does not know the column, so its INSERTs into "posts" fail (and the ALTER itself fails if the table has rows).`,
  rename: `Column "body" of existing table "posts" is renamed to "content": the previous release still uses "body" and fails, so rolling the code back no longer works.`,
  type: `Column "title" of existing table "posts" changes type from varchar(200) to varchar(50): the length limit shrinks from 200 to 50. The previous release may write values the new type rejects or read values it does not expect, and PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock.`,
  rewrite: `Column "title" of existing table "posts" changes type from varchar(200) to varchar(50) (the length limit shrinks from 200 to 50): PostgreSQL rewrites the table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock, which blocks every read and write.`,
};

const EXAMPLE_GITHUB_LINES = [
  `::warning file=${EXAMPLE}/0001_expand.sql,line=4,col=1,endLine=4,endColumn=68,title=multiple-exclusive-locks::${MESSAGES.locks}`,
  `::notice file=${CONTRACT},line=3,col=21,endLine=3,endColumn=46,title=dropping-column::${MESSAGES.dropColumn}%0AOverridden: legacy_name unused since v1.3, confirmed in RFC-12`,
  `::warning file=${CONTRACT},line=4,col=1,endLine=4,endColumn=60,title=multiple-exclusive-locks::${MESSAGES.locks}`,
  `::error file=${CONTRACT},line=4,col=21,endLine=4,endColumn=60,title=adding-required-column::${MESSAGES.required}`,
  `::error file=${CONTRACT},line=5,col=1,endLine=5,endColumn=54,title=renaming-column::${MESSAGES.rename}`,
  `::error file=${CONTRACT},line=6,col=21,endLine=6,endColumn=67,title=changing-column-type::${MESSAGES.type}`,
  `::error file=${CONTRACT},line=6,col=21,endLine=6,endColumn=67,title=table-rewrite::${MESSAGES.rewrite}`,
  "✖ 4 errors, 2 warnings, 1 overridden (3 migrations, 13 statements checked)",
];

/** An override reason and a file name with every character a workflow command must encode. */
const AWKWARD = {
  "db/0001_init.sql": "CREATE TABLE t (id int, a int);\nCREATE TABLE u (id int);\n",
  "db/0002_a,b:c%.sql": "-- compat: breaking (reason: 100% unused, see: RFC-1, RFC-2)\nALTER TABLE t DROP COLUMN a;\nDROP\n  TABLE u;\n",
};
const AWKWARD_FILE = "db/0002_a%2Cb%3Ac%25.sql";
const AWKWARD_LINES = [
  `::warning file=${AWKWARD_FILE},line=2,col=1,endLine=2,endColumn=28,title=require-lock-timeout::This statement needs an ACCESS EXCLUSIVE lock on "t", and no lock_timeout is set: while it waits for a long-running query to finish, every read and write of the table queues behind it. Set lock_timeout first, so it gives up (and can be retried) instead.`,
  `::notice file=${AWKWARD_FILE},line=2,col=15,endLine=2,endColumn=28,title=dropping-column::Column "a" of existing table "t" is dropped: the previous release still selects or inserts it and fails, so rolling the code back no longer works. Its data is gone for good.%0AOverridden: 100%25 unused, see: RFC-1, RFC-2`,
  // The statement spans two lines: GitHub takes no column range then.
  `::error file=${AWKWARD_FILE},line=3,endLine=4,title=dropping-table::Existing table "u" is dropped: the previous release still uses it and fails, so rolling the code back no longer works. Its rows are gone for good.`,
  "✖ 1 error, 1 warning, 1 overridden (2 migrations, 4 statements checked)",
];

const lines = (stdout: string) => stdout.replace(/\n$/, "").split("\n");

describe("--format github", () => {
  it("writes one workflow command per finding on the bundled example", () => {
    const result = runCli(["lint", EXAMPLE, "--format", "github"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("");
    expect(lines(result.stdout)).toEqual(EXAMPLE_GITHUB_LINES);
  });

  it("encodes %, CR and LF in messages, and also : and , in properties", () => {
    const dir = tempProject(AWKWARD);
    const result = runCli(["lint", "db", "--format", "github"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(lines(result.stdout)).toEqual(AWKWARD_LINES);
    expect(escapeData("100%\r\nnext: a, b")).toBe("100%25%0D%0Anext: a, b");
    expect(escapeProperty("a:b,c%\r\n")).toBe("a%3Ab%2Cc%25%0D%0A");
  });

  it("--quiet keeps the errors only", () => {
    const result = runCli(["lint", EXAMPLE, "--format", "github", "--quiet"]);
    expect(lines(result.stdout)).toEqual(EXAMPLE_GITHUB_LINES.filter((l) => l.startsWith("::error") || l.startsWith("✖")));
  });

  it("is the default on GitHub Actions unless a format is given", () => {
    const env = { GITHUB_ACTIONS: "true" };
    expect(lines(runCli(["lint", EXAMPLE], { env }).stdout)).toEqual(EXAMPLE_GITHUB_LINES);
    expect(runCli(["lint", EXAMPLE, "--format", "text"], { env }).stdout).toContain(`${CONTRACT}:4:21  error  adding-required-column`);
    expect(runCli(["lint", EXAMPLE, "-f", "text"], { env }).stdout).not.toContain("::error");
    expect(JSON.parse(runCli(["lint", EXAMPLE, "--format", "json"], { env }).stdout)).toMatchObject({ version: 1 });
    // Anything but "true" is not GitHub Actions.
    expect(runCli(["lint", EXAMPLE], { env: { GITHUB_ACTIONS: "false" } }).stdout).not.toContain("::error");
  });

  it("appends the Markdown report to GITHUB_STEP_SUMMARY", () => {
    const dir = tempProject({ "summary.md": "earlier step\n" });
    const summary = join(dir, "summary.md");
    const result = runCli(["lint", EXAMPLE], { env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary } });
    expect(lines(result.stdout)).toEqual(EXAMPLE_GITHUB_LINES);
    const markdown = runCli(["lint", EXAMPLE, "--format", "markdown"]).stdout;
    expect(readFileSync(summary, "utf8")).toBe(`earlier step\n${markdown}`);
  });

  it("says so on stderr when the summary file cannot be written, and still reports", () => {
    const dir = tempProject({ "x.txt": "" });
    const result = runCli(["lint", EXAMPLE, "--format", "github"], { env: { GITHUB_STEP_SUMMARY: join(dir, "no/such/folder/summary.md") } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^rollsafe: cannot write the job summary to .*summary\.md: ENOENT/);
    expect(lines(result.stdout)).toEqual(EXAMPLE_GITHUB_LINES);
  });

  it("names files relative to GITHUB_WORKSPACE when run from a sub-folder", () => {
    const dir = tempProject(Object.fromEntries(Object.entries(AWKWARD).map(([path, text]) => [`app/${path}`, text])));
    const result = runCli(["lint", "db", "--format", "github"], { cwd: join(dir, "app"), env: { GITHUB_WORKSPACE: dir } });
    expect(lines(result.stdout)).toEqual(AWKWARD_LINES.map((l) => l.replace(`file=${AWKWARD_FILE}`, `file=app/${AWKWARD_FILE}`)));
  });
});

// The SARIF 2.1.0 schema (rtm.5, the version GitHub code scanning documents), as shipped in Microsoft's
// @microsoft/jest-sarif package. It is draft-04, hence ajv-draft-04. `strict: false`: the schema has
// `required` names that ajv's strict mode wants declared in the same sub-schema; `unicodeRegExp: false`:
// one `pattern` (for `language`) is a valid ECMA-262 regular expression only without the u flag.
const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;
// Both are CommonJS modules whose export is also their `default` property.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(schema);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }>;
  suppressions: Array<{ kind: string; justification: string }>;
  properties: { category: string; categories: string[]; saferAlternative?: string; docs?: string };
  fixes?: unknown;
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri?: string; rules: Array<{ id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; helpUri?: string; properties: { docs: string } }> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }>;
    results: SarifResult[];
  }>;
}

function sarif(args: string[], cwd?: string): SarifLog {
  const result = runCli(["lint", ...args, "--format", "sarif"], cwd ? { cwd } : {});
  expect(result.stderr).toBe("");
  const log = JSON.parse(result.stdout) as SarifLog;
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return log;
}

describe("--format sarif", () => {
  it("writes a SARIF 2.1.0 log that the official schema accepts", () => {
    const log = sarif([EXAMPLE]);
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    const driver = run!.tool.driver;
    expect(driver.name).toBe("rollsafe");
    expect(driver.version).toBe((JSON.parse(readFileSync(join(REPO_ROOT, "packages/cli/package.json"), "utf8")) as { version: string }).version);
    expect(run!.originalUriBaseIds.SRCROOT!.uri).toBe(pathToFileURL(REPO_ROOT).href.replace(/\/?$/, "/"));
    // The rules that have results, with their description (GitHub rejects a rule without fullDescription) and docs URL.
    expect(driver.rules.map((r) => r.id)).toEqual(["adding-required-column", "changing-column-type", "dropping-column", "multiple-exclusive-locks", "renaming-column", "table-rewrite"]);
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
      expect(rule.fullDescription.text).toBe(rule.shortDescription.text);
      expect(rule.properties.docs).toBe(`${DOCS_BASE}rules/${rule.id}.md`);
      expect(rule.helpUri).toBe(`${DOCS_BASE}rules/${rule.id}.md`);
      expect(rule.help.text).toContain(rule.helpUri);
    }
    expect(driver.informationUri).toBeUndefined();
    expect(run!.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region])).toEqual([
      ["multiple-exclusive-locks", "warning", `${EXAMPLE}/0001_expand.sql`, { startLine: 4, startColumn: 1, endLine: 4, endColumn: 68 }],
      ["dropping-column", "error", CONTRACT, { startLine: 3, startColumn: 21, endLine: 3, endColumn: 46 }],
      ["multiple-exclusive-locks", "warning", CONTRACT, { startLine: 4, startColumn: 1, endLine: 4, endColumn: 60 }],
      ["adding-required-column", "error", CONTRACT, { startLine: 4, startColumn: 21, endLine: 4, endColumn: 60 }],
      ["renaming-column", "error", CONTRACT, { startLine: 5, startColumn: 1, endLine: 5, endColumn: 54 }],
      ["changing-column-type", "error", CONTRACT, { startLine: 6, startColumn: 21, endLine: 6, endColumn: 67 }],
      ["table-rewrite", "error", CONTRACT, { startLine: 6, startColumn: 21, endLine: 6, endColumn: 67 }],
    ]);
    for (const r of run!.results) {
      expect(driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.locations[0]!.physicalLocation.artifactLocation.uriBaseId).toBe("SRCROOT");
      expect(r.fixes).toBeUndefined();
    }
    const dropped = run!.results[1]!;
    // The safer alternative is in the message: code scanning shows no properties.
    expect(dropped.message.text).toBe(`${MESSAGES.dropColumn}\n\nSafer alternative:\n${dropped.properties.saferAlternative}`);
    expect(dropped.suppressions).toEqual([{ kind: "inSource", justification: "legacy_name unused since v1.3, confirmed in RFC-12" }]);
    expect(dropped.properties).toMatchObject({ category: "breaking", categories: ["breaking", "data-loss"], docs: `${DOCS_BASE}rules/dropping-column.md` });
    expect(dropped.properties.saferAlternative).toContain('ALTER TABLE "users" DROP COLUMN "legacy_name";');
    expect(run!.results.filter((r) => r !== dropped).every((r) => r.suppressions.length === 0)).toBe(true);
    expect(run!.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it("encodes URIs, names files outside the working directory by file: URI, and reports unreadable inputs", () => {
    const dir = tempProject({
      "my db/0001_init.sql": "CREATE TABLE t (id int, a int);\n",
      "my db/0002_drop#1.sql": "ALTER TABLE t DROP COLUMN a;\n",
      "elsewhere/0001.sql": "DROP TABLE t;\n",
    });
    writeFileSync(join(dir, "my db/0003_bad.sql"), Buffer.from([0x53, 0x45, 0xff, 0x0a]));
    mkdirSync(join(dir, "work"));
    const log = sarif(["my db", join(dir, "elsewhere")], dir);
    const [run] = log.runs;
    expect(run!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation])).toEqual([
      ["require-lock-timeout", { uri: "my%20db/0002_drop%231.sql", uriBaseId: "SRCROOT" }],
      ["dropping-column", { uri: "my%20db/0002_drop%231.sql", uriBaseId: "SRCROOT" }],
      ["dropping-table", { uri: "elsewhere/0001.sql", uriBaseId: "SRCROOT" }],
      ["require-lock-timeout", { uri: "elsewhere/0001.sql", uriBaseId: "SRCROOT" }],
    ]);
    expect(run!.invocations[0]!.toolExecutionNotifications.map((n) => [n.level, n.message.text])).toEqual([["error", expect.stringMatching(/^my db\/0003_bad\.sql: is not valid UTF-8/)]]);

    // From another folder, the same files lie outside the working directory.
    const outside = sarif([join(dir, "elsewhere")], join(dir, "work"));
    expect(outside.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: pathToFileURL(join(dir, "elsewhere/0001.sql")).href });
  });

  it("writes a valid log with no results when nothing is found", () => {
    const dir = tempProject({ "migrations/0001.sql": "CREATE TABLE t (id int);\n" });
    const log = sarif([], dir);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules).toEqual([]);
  });
});

describe("--format markdown", () => {
  it("puts the verdict first, then a table by category, then the findings by file", () => {
    const result = runCli(["lint", EXAMPLE, "--format", "markdown"]);
    expect(result.status).toBe(1);
    const md = result.stdout;
    expect(md.split("\n").slice(0, 12)).toEqual([
      "<!-- rollsafe -->",
      "",
      "### ❌ rollsafe: 4 errors (3 break the previous release) fail the check",
      "",
      "4 errors, 2 warnings, 1 overridden (3 migrations, 13 statements checked)",
      "",
      "| category | what it means | errors | warnings | notes | overridden |",
      "| --- | --- | ---: | ---: | ---: | ---: |",
      "| breaking | the previous release fails on the new schema | 3 | 0 | 0 | 1 |",
      "| locking | blocks reads or writes while it runs | 1 | 2 | 0 | 0 |",
      "",
      "<details>",
    ]);
    expect(md).toContain(`<summary><code>${EXAMPLE}/0001_expand.sql</code>: 1 warning</summary>`);
    // A file with failing errors is open.
    expect(md).toContain(`<details open>\n<summary><code>${CONTRACT}</code>: 4 errors, 1 warning, 1 overridden</summary>`);
    expect(md).toContain(
      [
        `**☑️ overridden error** · line 3 · [\`dropping-column\`](${DOCS_BASE}rules/dropping-column.md)`,
        "",
        'Column "legacy\\_name" of existing table "users" is dropped: the previous release still selects or inserts it and fails, so rolling the code back no longer works. Its data is gone for good.',
        "",
        "**Override reason:** legacy\\_name unused since v1.3, confirmed in RFC-12",
        "",
        `**⚠️ warning** · line 4 · [\`multiple-exclusive-locks\`](${DOCS_BASE}rules/multiple-exclusive-locks.md)`,
      ].join("\n"),
    );
    expect(md).toContain(
      [
        `**❌ error** · line 5 · [\`renaming-column\`](${DOCS_BASE}rules/renaming-column.md)`,
        "",
        'Column "body" of existing table "posts" is renamed to "content": the previous release still uses "body" and fails, so rolling the code back no longer works.',
        "",
        "**Safer alternative:**",
        "",
        "```sql",
        "-- Expand: add the new column and keep both in sync (application dual-writes, or a trigger), then backfill:",
        'ALTER TABLE "posts" ADD COLUMN "content" text;',
      ].join("\n"),
    );
    expect(md.match(/^```sql$/gm)).toHaveLength(6);
    expect(md.match(/<details/g)).toHaveLength(2);
    expect(md.match(/<\/details>/g)).toHaveLength(2);
    expect(md).not.toContain("more findings not shown");
  });

  it("says when nothing fails the check, and escapes Markdown and HTML from the migrations", () => {
    const dir = tempProject({
      "migrations/0001.sql": 'CREATE TABLE t (id int, "<b>*x*</b>" int);\n',
      "migrations/0002.sql": '-- compat: breaking (reason: [link](http://example.invalid) | <img src=x>)\nALTER TABLE t DROP COLUMN "<b>*x*</b>";\n',
    });
    const result = runCli(["lint", "--format", "markdown"], { cwd: dir });
    expect(result.status).toBe(0);
    const md = result.stdout;
    expect(md.split("\n").slice(0, 5)).toEqual(["<!-- rollsafe -->", "", "### ✅ rollsafe: no finding fails the check", "", "0 errors, 1 warning, 1 overridden (2 migrations, 2 statements checked)"]);
    expect(md).toContain('Column "\\<b\\>\\*x\\*\\</b\\>" of existing table "t" is dropped');
    expect(md).toContain("**Override reason:** \\[link\\](http://example.invalid) \\| \\<img src=x\\>");
    // Only the SQL blocks (where nothing is interpreted) hold the text as written.
    expect(md.replace(/^```sql\n[^]*?^```$/gm, "")).not.toMatch(/(?<!\\)<(b|img)/);
  });

  it("stays below GitHub's comment limit on 3,000 findings and says how many it left out", () => {
    const statements = Array.from({ length: 3000 }, (_, i) => `ALTER TABLE accounts DROP COLUMN c${i};\n`).join("");
    const dir = tempProject({ "migrations/0001_drop.sql": statements });
    const result = runCli(["lint", "--format", "markdown"], { cwd: dir });
    expect(result.status).toBe(1);
    const md = result.stdout;
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(md.length).toBeLessThan(65_536);
    expect(md.length).toBeGreaterThan(MARKDOWN_MAX_LENGTH - 2_000);
    expect(md).toContain("### ❌ rollsafe: 3000 errors that break the previous release fail the check\n\n3000 errors, 1 warning, 0 overridden (1 migration, 3000 statements checked)\n");
    const shownCount = md.match(/^\*\*❌ error\*\* · line \d+ · /gm)?.length ?? 0;
    expect(shownCount).toBeGreaterThan(50);
    // Errors come before the warning when not everything fits.
    expect(md).not.toContain("require-lock-timeout`](");
    expect(md.trimEnd().split("\n").at(-1)).toBe(`**… ${3001 - shownCount} more findings not shown**, in <code>migrations/0001_drop.sql</code>; run \`rollsafe lint\` locally or see the SARIF/JSON output.`);
    // Every block it opened is closed.
    expect(md.match(/<details/g)).toHaveLength(1);
    expect(md.match(/<\/details>/g)).toHaveLength(1);
    expect((md.match(/^```/gm)?.length ?? 0) % 2).toBe(0);
  });
});
