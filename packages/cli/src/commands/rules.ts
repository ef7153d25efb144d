// `rollsafe rules`: the catalogue, for people (a table) and for tools (JSON).
import { DEFAULT_DOCS_BASE_URL, ruleDocsUrl, type Category, type Preset, type Severity } from "@rollsafe/core";
import { ALL_RULES } from "@rollsafe/rules";

export interface RuleListing {
  id: string;
  category: Category;
  categories: Category[];
  severity: Severity;
  preset: Preset;
  description: string;
  docsUrl: string;
}

/** The catalogue; docs links under `docsBaseUrl` (config `docsBaseUrl`, default this release's docs). */
export function listRules(docsBaseUrl: string = DEFAULT_DOCS_BASE_URL): RuleListing[] {
  return ALL_RULES.map((rule) => ({
    id: rule.id,
    category: rule.meta.category,
    categories: [rule.meta.category, ...(rule.meta.alsoCategories ?? [])],
    severity: rule.meta.severity,
    preset: rule.meta.preset ?? "recommended",
    description: rule.meta.description,
    docsUrl: ruleDocsUrl(rule.id, docsBaseUrl),
  }));
}

export function formatRulesText(rules: RuleListing[], docsBaseUrl: string = DEFAULT_DOCS_BASE_URL): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  const catWidth = Math.max(...rules.map((r) => r.categories.join(",").length));
  const row = (id: string, category: string, severity: string, preset: string, description: string) => `${id.padEnd(width)}  ${category.padEnd(catWidth)}  ${severity.padEnd(8)}  ${preset.padEnd(11)}  ${description}`;
  const lines = rules.map((r) => row(r.id, r.categories.join(","), r.severity, r.preset, r.description));
  return `${[row("rule", "category", "severity", "preset", "description"), ...lines].join("\n")}\n\n${rules.length} rules. Each has a page at ${ruleDocsUrl("<rule>", docsBaseUrl)}\n`;
}

export function formatRulesJson(rules: RuleListing[]): string {
  return `${JSON.stringify({ version: 1, rules }, null, 2)}\n`;
}
