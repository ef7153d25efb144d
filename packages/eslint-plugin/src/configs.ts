// The presets, as flat-config arrays: `recommended` (the rules of rollsafe's recommended preset, at
// their default severities) and `strict` (also the hygiene rules), on the SQL migrations of the
// usual folders; then the Drizzle rules on TypeScript files, at the severity of the catalogue rule each
// mirrors. Notes (unmodeled-statement) are off: ESLint has no informational severity.
import type { ConfigObject, Plugin, RulesConfig } from "@eslint/core";
import type { Preset } from "@rollsafe/core";
import { drizzlePresetSeverity } from "./drizzle/drizzle-rule.js";
import { DRIZZLE_RULE_MODULES } from "./drizzle/drizzle-rules.js";
import { typescriptParser } from "./drizzle/typescript-parser.js";
import { EXPOSED_RULES } from "./rules/eslint-rules.js";
import { presetSeverity } from "./rules/preset-severity.js";

/** The SQL files the presets lint: migrations of most tools, and drizzle-kit's output folder. */
export const SQL_MIGRATION_FILES = ["**/migrations/**/*.sql", "**/drizzle/**/*.sql"];

/**
 * The files the Drizzle rules look at. Flat config cannot select files by their imports: each rule
 * does nothing in a file that does not import drizzle-orm/pg-core, or that drizzle.config's `schema`
 * does not list.
 */
export const DRIZZLE_SCHEMA_FILES = ["**/*.ts", "**/*.mts", "**/*.cts"];

export function presetConfigs(plugin: Plugin): Record<Preset, ConfigObject[]> {
  const sql = (preset: Preset): ConfigObject => ({
    name: `rollsafe/${preset}/sql`,
    files: SQL_MIGRATION_FILES,
    plugins: { rollsafe: plugin },
    language: "rollsafe/sql",
    rules: presetRules(preset),
  });
  // DRIZZLE RULES: the typescript-eslint rules for Drizzle schema files, through TypeScript's parser
  // (docs/editor.md, "Drizzle schema files").
  const drizzle = (preset: Preset): ConfigObject => ({
    name: `rollsafe/${preset}/drizzle`,
    files: DRIZZLE_SCHEMA_FILES,
    plugins: { rollsafe: plugin },
    languageOptions: { parser: typescriptParser },
    rules: drizzleRules(preset),
  });
  return { recommended: [sql("recommended"), drizzle("recommended")], strict: [sql("strict"), drizzle("strict")] };
}

function drizzleRules(preset: Preset): RulesConfig {
  const rules: RulesConfig = {};
  for (const rule of DRIZZLE_RULE_MODULES) rules[`rollsafe/${rule.name}`] = drizzlePresetSeverity(rule.meta.docs!, preset);
  return rules;
}

function presetRules(preset: Preset): RulesConfig {
  const rules: RulesConfig = {};
  for (const rule of EXPOSED_RULES) rules[`rollsafe/${rule.id}`] = presetSeverity(rule, preset);
  return rules;
}
