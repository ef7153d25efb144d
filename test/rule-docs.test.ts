// The rule catalogue agrees with itself: rule files, SQL_RULES/ALL_RULES, docs/rules/<id>.md (front matter,
// description, headings, linted examples), the docs/rules/README.md table, and the message ids the
// fixtures exercise. Habits from typescript-eslint's docs test and @eslint/json's README markers.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BUILTIN_CHECKS, type Finding, type Rule } from "@rollsafe/core";
import { loadParser } from "@rollsafe/parser";
import { ALL_RULES, SQL_RULES } from "@rollsafe/rules";
// @ts-expect-error: a plain .mjs helper shared with scripts/build-rules-docs.mjs
import { rulesTable } from "../scripts/rules-table.mjs";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_KINDS, FOLDER_FIXTURES, NEEDS_GIT_HISTORY, REPO_ROOT, lintFixture, lintFixtureText, messageIdOf, renderFinding } from "./support/rule-fixtures.js";

beforeAll(() => loadParser());

const DOCS_DIR = join(REPO_ROOT, "docs/rules");
const RULES_DIR = join(REPO_ROOT, "rules");
/** Pages of docs/rules/ that describe no rule. */
const NOT_RULE_PAGES = ["README.md", "TEMPLATE.md"];
const BUILTIN_IDS = new Set(BUILTIN_CHECKS.map((rule) => rule.id));
const PEERS = ["squawk", "strong_migrations", "Atlas", "eugene"];

/**
 * Message ids no fixture produces, each with the reason. The test fails for a message id that is
 * neither produced nor listed here, and for an entry here that a fixture does produce.
 */
const UNTESTED_MESSAGES: Record<string, Record<string, string>> = {
  // Fixtures run at one PostgreSQL version each; these messages belong to other versions (test/postgres-versions.test.ts).
  "require-concurrent-index-creation": { corruptionBug: "needs postgres.version 14.0-14.3 (a minor release): test/postgres-versions.test.ts" },
  "require-concurrent-reindex": {
    noConcurrentForm: "PostgreSQL 10 and 11: test/postgres-versions.test.ts",
    corruptionBug: "needs postgres.version 14.0-14.3 (a minor release): test/postgres-versions.test.ts",
  },
  "setting-not-null-scan": { scanBefore12: "PostgreSQL 10 and 11: test/postgres-versions.test.ts" },
  "table-rewrite": { defaultBefore11: "PostgreSQL 10: test/postgres-versions.test.ts" },
  // A fixture file cannot hold a git history (NEEDS_GIT_HISTORY).
  "edited-applied-migration": { default: "needs a git history; covered by test/changed-since.test.ts" },
  "out-of-order-migration": { default: "needs a git history; covered by test/changed-since.test.ts" },
  "override-needs-signoff": { default: "needs a git history and a pull request's reviews; covered by test/signoff.test.ts", unavailable: "needs a git history; covered by test/signoff.test.ts" },
};

function requiredHeadings(rule: Rule): string[] {
  const why = BUILTIN_IDS.has(rule.id) ? "## Why" : "## Why it breaks rollback";
  return [why, "## Safer alternative", "## Examples", "### Incorrect", "### Correct", "## Overriding", "## In other tools"];
}

interface RulePage {
  frontMatter: Record<string, string>;
  title: string | undefined;
  firstParagraph: string | undefined;
  /** `##` and `###` headings outside code blocks, in order. */
  headings: string[];
  /** Lines of the page after the front matter, outside code blocks. */
  body: string;
  /** The ```sql block right under each `###` heading. */
  sqlUnder: Map<string, string>;
  /** The first code block (any language) under each `###` heading. */
  codeUnder: Map<string, string>;
}

function readPage(id: string): RulePage {
  const text = readFileSync(join(DOCS_DIR, `${id}.md`), "utf8").replace(/\r\n?/g, "\n");
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const frontMatter: Record<string, string> = {};
  for (const line of (match?.[1] ?? "").split("\n")) {
    const pair = /^([\w-]+):\s*(.*)$/.exec(line);
    if (pair) frontMatter[pair[1]!] = pair[2]!.trim();
  }
  const lines = text.slice(match?.[0].length ?? 0).split("\n");
  const headings: string[] = [];
  const sqlUnder = new Map<string, string>();
  const codeUnder = new Map<string, string>();
  const prose: string[] = [];
  let fence: { lang: string; lines: string[] } | undefined;
  let lastSubheading: string | undefined;
  for (const line of lines) {
    if (fence) {
      if (line.startsWith("```")) {
        if (fence.lang === "sql" && lastSubheading && !sqlUnder.has(lastSubheading)) sqlUnder.set(lastSubheading, fence.lines.join("\n") + "\n");
        if (lastSubheading && !codeUnder.has(lastSubheading)) codeUnder.set(lastSubheading, fence.lines.join("\n") + "\n");
        fence = undefined;
      } else fence.lines.push(line);
      continue;
    }
    if (line.startsWith("```")) {
      fence = { lang: line.slice(3).trim(), lines: [] };
      continue;
    }
    prose.push(line);
    if (/^#{2,3} /.test(line)) {
      headings.push(line.trim());
      lastSubheading = line.startsWith("### ") ? line.slice(4).trim() : undefined;
    }
  }
  const nonEmpty = prose.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== "");
  const [titleLine, titleIndex] = nonEmpty[0] ?? [undefined, -1];
  const paragraph: string[] = [];
  for (let i = titleIndex + 1; i < prose.length; i++) {
    const line = prose[i]!;
    if (line.trim() === "") {
      if (paragraph.length > 0) break;
      continue;
    }
    if (line.startsWith("<!--") || line.startsWith("#")) break;
    paragraph.push(line.trim());
  }
  return { frontMatter, title: titleLine?.trim(), firstParagraph: paragraph.length > 0 ? paragraph.join(" ") : undefined, headings, body: prose.join("\n"), sqlUnder, codeUnder };
}

function isSubsequence(wanted: readonly string[], actual: readonly string[]): boolean {
  let i = 0;
  for (const item of actual) if (item === wanted[i]) i++;
  return i === wanted.length;
}

const mdFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".md"));

describe("the rule catalogue", () => {
  it("lists every rule file of rules/ in SQL_RULES, and nothing else", () => {
    const files = readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") && e.name !== "index.ts")
      .map((e) => e.name.replace(/\.ts$/, ""));
    expect(SQL_RULES.map((r) => r.id).sort()).toEqual(files.sort());
  });

  it("has unique ids, and ALL_RULES is SQL_RULES plus the builtin checks", () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...SQL_RULES, ...BUILTIN_CHECKS].map((r) => r.id));
  });

  it("has a docs page for every rule, and no page without a rule", () => {
    const pages = mdFiles(DOCS_DIR).filter((f) => !NOT_RULE_PAGES.includes(f)).map((f) => f.replace(/\.md$/, ""));
    expect(pages.sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
  });
});

describe.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("docs/rules/%s.md", (id, rule) => {
  const page = () => readPage(id);

  it("has front matter with the rule's id, category and severity", () => {
    expect(page().frontMatter).toEqual({ id, category: rule.meta.category, severity: rule.meta.severity });
  });

  it("starts with the rule id as title and meta.description as first paragraph", () => {
    const { title, firstParagraph } = page();
    expect(title).toBe(`# ${id}`);
    expect(firstParagraph).toBe(rule.meta.description);
  });

  it("has the template's headings, in order", () => {
    const { headings } = page();
    const required = requiredHeadings(rule);
    expect(isSubsequence(required, headings), `headings ${JSON.stringify(headings)} lack (in order) ${JSON.stringify(required)}`).toBe(true);
  });

  it("names the equivalent of every peer tool", () => {
    const { body } = page();
    const section = body.slice(body.indexOf("## In other tools"));
    for (const peer of PEERS) expect(section, `no "| ${peer} |" row`).toMatch(new RegExp(`^\\| ${peer} \\| \\S.*\\|$`, "m"));
  });

  it("has an Incorrect example the rule reports", () => {
    if (FOLDER_FIXTURES.has(id)) {
      // A check over a whole drizzle-kit folder: the example shows part of one, and the page names the
      // fixture folders the tests lint instead (test/rules.test.ts).
      expect(page().codeUnder.get("Incorrect"), "no code block under ### Incorrect").toBeDefined();
      expect(page().body).toContain(`fixtures/rules/${id}/bad/`);
      return;
    }
    const sql = page().sqlUnder.get("Incorrect");
    expect(sql, "no ```sql block under ### Incorrect").toBeDefined();
    if (NEEDS_GIT_HISTORY.has(id)) {
      // The example needs a git history: the page must say so, since the test cannot lint it.
      expect(page().body).toContain("needs a git history");
      return;
    }
    const findings = lintFixtureText(sql!, { path: `docs/rules/${id}.md` }).filter((f) => f.ruleId === id && !f.overridden);
    expect(findings.length, `the Incorrect example of ${id} produces no ${id} finding`).toBeGreaterThan(0);
  });

  it("has a Correct example with no finding that counts", () => {
    if (FOLDER_FIXTURES.has(id)) {
      expect(page().codeUnder.get("Correct"), "no code block under ### Correct").toBeDefined();
      expect(page().body).toContain(`fixtures/rules/${id}/good/`);
      return;
    }
    const sql = page().sqlUnder.get("Correct");
    expect(sql, "no ```sql block under ### Correct").toBeDefined();
    // "Correct" is judged in the rule's own terms: no finding that counts of the rule's categories
    // (a correct breaking example is safe for old code; lock hygiene is the locking rules' pages' business).
    const categories = new Set([rule.meta.category, ...(rule.meta.alsoCategories ?? [])]);
    const counting = lintFixtureText(sql!, { path: `docs/rules/${id}.md` }).filter((f) => !f.overridden && f.severity !== "note" && f.categories.some((c) => categories.has(c)));
    expect(counting.map(renderFinding)).toEqual([]);
  });
});

describe("docs/rules/README.md", () => {
  it("lists exactly the rules, with their category, severity and description, between the markers", () => {
    const text = readFileSync(join(DOCS_DIR, "README.md"), "utf8").replace(/\r\n?/g, "\n");
    const start = text.indexOf("<!-- rules:start -->\n");
    const end = text.indexOf("<!-- rules:end -->");
    expect(start, "no <!-- rules:start --> marker").toBeGreaterThanOrEqual(0);
    expect(end, "no <!-- rules:end --> marker after the start marker").toBeGreaterThan(start);
    const table = text.slice(start + "<!-- rules:start -->\n".length, end);
    const expected = rulesTable(ALL_RULES);
    // On failure: npm run build rewrites the table (scripts/build-rules-docs.mjs).
    expect(table).toBe(expected);
  });
});

describe("message ids", () => {
  let used: Map<string, Set<string>>;
  beforeAll(() => {
    used = new Map(ALL_RULES.map((r) => [r.id, new Set<string>()]));
    const findings: Finding[] = ALL_RULES.filter((r) => !NEEDS_GIT_HISTORY.has(r.id)).flatMap((r) => FIXTURE_KINDS.flatMap((kind) => lintFixture(r.id, kind)));
    for (const finding of findings) {
      const rule = ALL_RULES.find((r) => r.id === finding.ruleId)!;
      const messageId = messageIdOf(rule, finding);
      expect(messageId, `cannot tell which message of ${rule.id} produced: ${finding.message}`).toBeDefined();
      used.get(rule.id)!.add(messageId!);
    }
  });

  it.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("%s: every message is produced by a fixture, or listed as untested with a reason", (id, rule) => {
    const untested = UNTESTED_MESSAGES[id] ?? {};
    const missing = Object.keys(rule.meta.messages).filter((m) => !used.get(id)!.has(m) && !untested[m]?.trim());
    expect(missing, `add fixture cases that produce these messages of ${id}, or list them in UNTESTED_MESSAGES`).toEqual([]);
    const stale = Object.keys(untested).filter((m) => used.get(id)!.has(m) || !(m in rule.meta.messages));
    expect(stale, `UNTESTED_MESSAGES lists messages of ${id} that a fixture produces or that do not exist`).toEqual([]);
  });
});

describe("rules/index.ts", () => {
  it("is what scripts/build-rules-index.mjs generates from the rule files", async () => {
    const { spawnSync } = await import("node:child_process");
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "scripts/build-rules-index.mjs"), "--check"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
