// eslint-plugin-rollsafe: rollsafe's findings in the editor. An ESLint language for PostgreSQL
// migration files (`rollsafe/sql`), every rollsafe rule as `rollsafe/<id>`, the Drizzle schema rules
// (`rollsafe/drizzle-*`, typescript-eslint rules on TypeScript files), and the presets.
import type { Plugin } from "@eslint/core";
import { loadParser } from "@rollsafe/parser";
import { presetConfigs } from "./configs.js";
import { sqlLanguage } from "./language/sql-language.js";
import { DRIZZLE_RULES } from "./drizzle/drizzle-rules.js";
import { ESLINT_RULES } from "./rules/eslint-rules.js";
import { VERSION } from "./version.js";

// ESLint's parse() is synchronous and the grammar is WASM that loads asynchronously: load it before
// the plugin is handed to ESLint (ESLint imports plugins and configs with an async import()).
await loadParser();

const plugin = {
  meta: { name: "eslint-plugin-rollsafe", version: VERSION, namespace: "rollsafe" },
  languages: { sql: sqlLanguage },
  rules: { ...ESLINT_RULES, ...DRIZZLE_RULES },
  configs: {},
} satisfies Plugin;

plugin.configs = presetConfigs(plugin);

export default plugin as typeof plugin & { configs: ReturnType<typeof presetConfigs> };
export { sqlLanguage } from "./language/sql-language.js";
export { SqlSourceCode } from "./language/sql-source-code.js";
export type { SqlLanguageOptions } from "./language/language-options.js";
export type { SqlFileNode, SqlStatementNode, SqlCommentNode, SqlNode, SqlLocation, SqlPosition } from "./language/ast.js";
export { SQL_MIGRATION_FILES, DRIZZLE_SCHEMA_FILES } from "./configs.js";
