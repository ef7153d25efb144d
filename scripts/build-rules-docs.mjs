#!/usr/bin/env node
// Rewrites the rules table of docs/rules/README.md from the built rules' metadata (run by npm run build).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rulesTable, withTable } from "./rules-table.mjs";

const { ALL_RULES } = await import("../rules/dist/index.js");
const path = fileURLToPath(new URL("../docs/rules/README.md", import.meta.url));
const text = readFileSync(path, "utf8").replace(/\r\n?/g, "\n");
const next = withTable(text, rulesTable(ALL_RULES));
if (next !== text) writeFileSync(path, next);
