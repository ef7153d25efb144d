#!/usr/bin/env node
// Rewrites the rules tables of docs/rules/README.md and docs/editor.md from the built rules' metadata (run by npm run build).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rulesTable, withTable } from "./rules-table.mjs";

const { ALL_RULES } = await import("../rules/dist/index.js");
const path = fileURLToPath(new URL("../docs/rules/README.md", import.meta.url));
const text = readFileSync(path, "utf8").replace(/\r\n?/g, "\n");
const next = withTable(text, rulesTable(ALL_RULES));
if (next !== text) writeFileSync(path, next);

// The ESLint plugin's rules tables in docs/editor.md (SQL, Drizzle), from the built plugin.
const { DRIZZLE_END, DRIZZLE_START, drizzleRulesTable, editorRulesTable, withEditorTable } = await import("./editor-rules-table.mjs");
const { default: eslintPlugin } = await import("../packages/eslint-plugin/dist/index.js");
const editorPath = fileURLToPath(new URL("../docs/editor.md", import.meta.url));
const editorText = readFileSync(editorPath, "utf8").replace(/\r\n?/g, "\n");
const editorNext = withEditorTable(withEditorTable(editorText, editorRulesTable(eslintPlugin)), drizzleRulesTable(eslintPlugin), DRIZZLE_START, DRIZZLE_END);
if (editorNext !== editorText) writeFileSync(editorPath, editorNext);
