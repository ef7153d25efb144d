// The rules tables of docs/editor.md, rendered from the ESLint plugin's rules and presets: the SQL rules
// (language rollsafe/sql) and the Drizzle schema rules (TypeScript files). Used by
// scripts/build-rules-docs.mjs (writes them) and by the plugin's docs test (checks them).

export const EDITOR_START = "<!-- eslint-rules:start -->\n";
export const EDITOR_END = "<!-- eslint-rules:end -->";
export const DRIZZLE_START = "<!-- eslint-drizzle-rules:start -->\n";
export const DRIZZLE_END = "<!-- eslint-drizzle-rules:end -->";

/** A rule's severity in a preset: from the preset's config object that configures it. */
function severity(plugin, preset, name) {
  const key = `rollsafe/${name}`;
  return plugin.configs[preset].find((config) => config.rules && key in config.rules)?.rules[key] ?? "off";
}

const isSql = (rule) => rule.meta.languages?.includes("rollsafe/sql");
const cell = (text) => text.replace(/\|/g, "\\|");

export function editorRulesTable(plugin) {
  const rows = Object.entries(plugin.rules)
    .filter(([, rule]) => isSql(rule))
    .map(([id, rule]) => `| [rollsafe/${id}](rules/${id}.md) | ${cell(rule.meta.docs.description)} | ${severity(plugin, "recommended", id)} | ${severity(plugin, "strict", id)} | ${rule.meta.fixable ? "yes" : ""} |`);
  return ["| rule | what it reports | `recommended` | `strict` | autofix |", "| --- | --- | --- | --- | --- |", ...rows, ""].join("\n");
}

export function drizzleRulesTable(plugin) {
  const rows = Object.entries(plugin.rules)
    .filter(([, rule]) => !isSql(rule))
    .map(([name, rule]) => `| [rollsafe/${name}](#${name}) | ${cell(rule.meta.docs.description)} | [${rule.meta.docs.mirrors}](rules/${rule.meta.docs.mirrors}.md) | ${severity(plugin, "recommended", name)} | ${severity(plugin, "strict", name)} |`);
  return ["| rule | what it reports | the SQL rule it anticipates | `recommended` | `strict` |", "| --- | --- | --- | --- | --- |", ...rows, ""].join("\n");
}

/** The page with the table between the markers replaced. */
export function withEditorTable(page, table, start = EDITOR_START, end = EDITOR_END) {
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/editor.md needs the ${start.trim()} and ${end} markers`);
  return page.slice(0, from + start.length) + table + page.slice(to);
}
