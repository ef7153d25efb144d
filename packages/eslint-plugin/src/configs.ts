// The presets, as flat-config arrays: `recommended` (the rules of rollsafe's recommended preset, at
// their default severities) and `strict` (also the hygiene rules), on the SQL migrations of the
// usual folders. Notes (unmodeled-statement) are off: ESLint has no informational severity.
import type { ConfigObject, Plugin, RulesConfig } from "@eslint/core";
import type { Preset } from "@rollsafe/core";
import { EXPOSED_RULES } from "./rules/eslint-rules.js";
import { presetSeverity } from "./rules/preset-severity.js";

/** The SQL files the presets lint: migrations of most tools, and drizzle-kit's output folder. */
export const SQL_MIGRATION_FILES = ["**/migrations/**/*.sql", "**/drizzle/**/*.sql"];

export function presetConfigs(plugin: Plugin): Record<Preset, ConfigObject[]> {
  const sql = (preset: Preset): ConfigObject => ({
    name: `rollsafe/${preset}/sql`,
    files: SQL_MIGRATION_FILES,
    plugins: { rollsafe: plugin },
    language: "rollsafe/sql",
    rules: presetRules(preset),
  });
  // DRIZZLE RULES: the typescript-eslint rules for Drizzle schema files (files importing
  // drizzle-orm/pg-core) are added to both presets here, as a second config object, once the
  // Drizzle schema engine has landed (docs/editor.md, "Drizzle schema files").
  return { recommended: [sql("recommended")], strict: [sql("strict")] };
}

function presetRules(preset: Preset): RulesConfig {
  const rules: RulesConfig = {};
  for (const rule of EXPOSED_RULES) rules[`rollsafe/${rule.id}`] = presetSeverity(rule, preset);
  return rules;
}
