// Every rollsafe rule as the ESLint rule `rollsafe/<id>`: metadata taken from the core rule, and a
// `create` that only asks the file's SourceCode for the findings the engine made. No rule logic here.
import type { RuleDefinition, RulesMeta } from "@eslint/core";
import { FOLDER_CHECKS, type Rule } from "@rollsafe/core";
import { ALL_RULES } from "@rollsafe/rules";
import { SqlSourceCode } from "../language/sql-source-code.js";
import { docsUrl } from "./docs-url.js";
import { findingReport, SUGGESTION_MESSAGES } from "./finding-report.js";
import { presetSeverity } from "./preset-severity.js";

/**
 * Checks that ESLint has no use for: `syntax-error` (a statement PostgreSQL rejects is an ESLint
 * parsing error), the three that need a git merge base (and a pull request's reviews), which only
 * `rollsafe lint --changed-since` knows, and the checks of a drizzle-kit folder as a whole (journal and
 * snapshots: FOLDER_CHECKS).
 */
export const NOT_IN_ESLINT: ReadonlySet<string> = new Set(["syntax-error", "edited-applied-migration", "out-of-order-migration", "override-needs-signoff", ...FOLDER_CHECKS.map((rule) => rule.id)]);

/** The core rules the plugin exposes, in the catalogue's order. */
export const EXPOSED_RULES: readonly Rule[] = ALL_RULES.filter((rule) => !NOT_IN_ESLINT.has(rule.id));

export function eslintRule(rule: Rule): RuleDefinition {
  const messages: Record<string, string> = { ...(rule.meta.messages as Record<string, string>), ...SUGGESTION_MESSAGES };
  const meta: RulesMeta = {
    type: rule.meta.category === "hygiene" ? "suggestion" : "problem",
    docs: { description: rule.meta.description, url: docsUrl(rule.id), recommended: presetSeverity(rule, "recommended") !== "off" },
    messages,
    hasSuggestions: true,
    schema: [],
    // ESLint refuses a configuration that turns the rule on for another language.
    languages: ["rollsafe/sql"],
  };
  if (rule.meta.fixable) meta.fixable = "code";
  return {
    meta,
    create(context) {
      const source = context.sourceCode;
      // ESLint checks `languages` (10+); a SourceCode of another kind has nothing to say to this rule.
      if (!(source instanceof SqlSourceCode)) return {};
      source.enableRule(rule.id);
      return {
        SqlFile() {
          for (const finding of source.findingsOf(rule.id)) context.report(findingReport(finding, source.text, messages));
        },
      };
    },
  };
}

export const ESLINT_RULES: Record<string, RuleDefinition> = Object.fromEntries(EXPOSED_RULES.map((rule) => [rule.id, eslintRule(rule)]));
