// The shape every Drizzle rule shares: it reports the dangers of one catalogue rule among the changes
// the next `drizzle-kit generate` will make (schema-analysis.ts, computed once per lint for all five),
// in @rollsafe/drizzle's own words, with the expand/contract advice of its kind of change.
import type { Preset } from "@rollsafe/core";
import type { ChangeKind } from "@rollsafe/drizzle";
import { ALL_RULES } from "@rollsafe/rules";
import { presetSeverity } from "../rules/preset-severity.js";
import { createRule, type DrizzleRuleDocs } from "./create-rule.js";
import { schemaAnalysis } from "./schema-analysis.js";

export interface DrizzleRuleSpec<Name extends string = string> {
  /** The rule's name, `drizzle-<what>`: `rollsafe/drizzle-<what>` in a configuration. */
  name: Name;
  /** The catalogue rule whose dangers it reports (`dropping-column`): the same finding the SQL gets once generated. */
  dangerRule: string;
  /** The kind of change whose expand/contract advice the report carries. */
  adviceFor: ChangeKind;
  description: string;
}

export const DRIZZLE_MESSAGES = {
  willGenerate: "The next drizzle-kit generate will {{summary}}: {{reasons}}.",
  willGenerateWithAdvice: "The next drizzle-kit generate will {{summary}}: {{reasons}}. Instead: {{advice}}",
  cannotCompare: "rollsafe cannot compare this schema file with drizzle-kit's latest snapshot: {{problem}}",
} as const;

export function drizzleRule<Name extends string>(spec: DrizzleRuleSpec<Name>) {
  const catalogueRule = ALL_RULES.find((rule) => rule.id === spec.dangerRule);
  if (!catalogueRule) throw new Error(`${spec.name}: no catalogue rule ${spec.dangerRule}`);
  return createRule({
    name: spec.name,
    meta: {
      type: "problem",
      docs: { description: spec.description, recommended: presetSeverity(catalogueRule, "recommended") !== "off", mirrors: spec.dangerRule },
      messages: DRIZZLE_MESSAGES,
      schema: [],
      // A TypeScript file (through @typescript-eslint/parser): ESLint refuses the rule for another language.
      languages: ["js/js"],
    },
    defaultOptions: [],
    create(context) {
      return {
        Program() {
          const analysis = schemaAnalysis(context);
          if (analysis.problem !== undefined && !analysis.problemReported) {
            analysis.problemReported = true;
            context.report({ loc: { line: 1, column: 0 }, messageId: "cannotCompare", data: { problem: analysis.problem } });
          }
          for (const { dangerRule, change, loc } of analysis.reports) {
            if (dangerRule !== spec.dangerRule) continue;
            const reasons = change.dangers.filter((d) => d.rule === dangerRule).map((d) => d.reason).join("; ");
            const advice = change.kind === spec.adviceFor ? change.advice : undefined;
            if (advice) context.report({ loc, messageId: "willGenerateWithAdvice", data: { summary: change.summary, reasons, advice } });
            else context.report({ loc, messageId: "willGenerate", data: { summary: change.summary, reasons } });
          }
        },
      };
    },
  });
}

/** A Drizzle rule's severity in a preset: the severity of the catalogue rule it mirrors. */
export function drizzlePresetSeverity(docs: DrizzleRuleDocs, preset: Preset): "error" | "warn" | "off" {
  const rule = ALL_RULES.find((r) => r.id === docs.mirrors);
  return rule ? presetSeverity(rule, preset) : "off";
}
