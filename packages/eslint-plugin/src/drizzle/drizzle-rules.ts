// The Drizzle schema rules, by name (`rollsafe/<name>` in a configuration).
import type { RuleDefinition } from "@eslint/core";
import changedType from "./changed-type.js";
import newUnique from "./new-unique.js";
import removedColumn from "./removed-column.js";
import removedTable from "./removed-table.js";
import requiredColumnNeedsDefault from "./required-column-needs-default.js";

/** As typescript-eslint types them (their docs say which catalogue rule each mirrors). */
export const DRIZZLE_RULE_MODULES = [requiredColumnNeedsDefault, removedColumn, removedTable, changedType, newUnique] as const;

/**
 * As the plugin hands them to ESLint. typescript-eslint types a rule's context as ESLint's JavaScript
 * one, @eslint/core's RuleDefinition is language-neutral; ESLint runs both kinds the same way.
 */
export const DRIZZLE_RULES: Record<string, RuleDefinition> = Object.fromEntries(DRIZZLE_RULE_MODULES.map((rule) => [rule.name, rule as unknown as RuleDefinition]));
