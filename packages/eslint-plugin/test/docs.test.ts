// docs/editor.md documents the plugin as it is: the rules tables are the plugin's, every rule's docs
// link opens an existing page (and, for the Drizzle rules, a section of it), and every language option
// is described.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import rollsafe from "eslint-plugin-rollsafe";
import { describe, expect, it } from "vitest";
import { DOCS_BASE } from "../../../test/support/docs-base.js";
import { DRIZZLE_END, DRIZZLE_START, drizzleRulesTable, EDITOR_END, EDITOR_START, editorRulesTable } from "../../../scripts/editor-rules-table.mjs";

const page = readFileSync(fileURLToPath(new URL("../../../docs/editor.md", import.meta.url)), "utf8").replace(/\r\n?/g, "\n");
const between = (start: string, end: string) => page.slice(page.indexOf(start) + start.length, page.indexOf(end));
const rows = (table: string) => table.split("\n").filter((line) => line.startsWith("| [rollsafe/"));

describe("docs/editor.md", () => {
  it("has the plugin's rules tables, SQL and Drizzle, one row per rule (npm run build rewrites them)", () => {
    const sql = between(EDITOR_START, EDITOR_END);
    const drizzle = between(DRIZZLE_START, DRIZZLE_END);
    expect(sql).toBe(editorRulesTable(rollsafe));
    expect(drizzle).toBe(drizzleRulesTable(rollsafe));
    expect(rows(drizzle)).toHaveLength(5);
    expect(rows(sql).length + rows(drizzle).length).toBe(Object.keys(rollsafe.rules).length);
  });

  it("describes every language option", () => {
    for (const option of ["postgresVersion", "source", "transaction", "configFile"]) expect(page).toContain(`| \`${option}\` |`);
  });

  it("links every rule to a page that exists, and each Drizzle rule to its section", () => {
    for (const [name, rule] of Object.entries(rollsafe.rules)) {
      // The URL of this release's docs: the page it names exists in this checkout.
      const url = new URL(rule.meta!.docs!.url!);
      expect(url.href.startsWith(DOCS_BASE)).toBe(true);
      expect(existsSync(fileURLToPath(new URL(`../../../docs/${url.pathname.slice(new URL(DOCS_BASE).pathname.length)}`, import.meta.url)))).toBe(true);
      if (name.startsWith("drizzle-")) {
        expect(url.hash).toBe(`#${name}`);
        expect(page).toContain(`\n### ${name}\n`);
      }
    }
  });
});
