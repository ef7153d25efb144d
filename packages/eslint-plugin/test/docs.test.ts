// docs/editor.md documents the plugin as it is: the rules table is the plugin's, every rule's docs
// link opens an existing page, and every language option is described.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import rollsafe from "eslint-plugin-rollsafe";
import { describe, expect, it } from "vitest";
import { EDITOR_END, EDITOR_START, editorRulesTable } from "../../../scripts/editor-rules-table.mjs";

const page = readFileSync(fileURLToPath(new URL("../../../docs/editor.md", import.meta.url)), "utf8").replace(/\r\n?/g, "\n");

describe("docs/editor.md", () => {
  it("has the plugin's rules table (npm run build rewrites it)", () => {
    const table = page.slice(page.indexOf(EDITOR_START) + EDITOR_START.length, page.indexOf(EDITOR_END));
    expect(table).toBe(editorRulesTable(rollsafe));
    expect(table.split("\n").filter((line) => line.startsWith("| [rollsafe/"))).toHaveLength(Object.keys(rollsafe.rules).length);
  });

  it("describes every language option", () => {
    for (const option of ["postgresVersion", "source", "transaction", "configFile"]) expect(page).toContain(`| \`${option}\` |`);
  });

  it("links every rule to a page that exists", () => {
    for (const rule of Object.values(rollsafe.rules)) expect(existsSync(fileURLToPath(rule.meta!.docs!.url!))).toBe(true);
  });
});
