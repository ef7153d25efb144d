// The rules table of docs/editor.md, rendered from the ESLint plugin's rules and presets. Used by
// scripts/build-rules-docs.mjs (writes it) and by the plugin's docs test (checks it).

export const EDITOR_START = "<!-- eslint-rules:start -->\n";
export const EDITOR_END = "<!-- eslint-rules:end -->";

export function editorRulesTable(plugin) {
  const severity = (preset, id) => plugin.configs[preset][0].rules[`rollsafe/${id}`];
  const rows = Object.entries(plugin.rules).map(([id, rule]) => {
    const description = rule.meta.docs.description.replace(/\|/g, "\\|");
    return `| [rollsafe/${id}](rules/${id}.md) | ${description} | ${severity("recommended", id)} | ${severity("strict", id)} | ${rule.meta.fixable ? "yes" : ""} |`;
  });
  return ["| rule | what it reports | `recommended` | `strict` | autofix |", "| --- | --- | --- | --- | --- |", ...rows, ""].join("\n");
}

/** The page with the table between the markers replaced. */
export function withEditorTable(page, table) {
  const start = page.indexOf(EDITOR_START);
  const end = page.indexOf(EDITOR_END);
  if (start < 0 || end < start) throw new Error("docs/editor.md needs the <!-- eslint-rules:start --> and <!-- eslint-rules:end --> markers");
  return page.slice(0, start + EDITOR_START.length) + table + page.slice(end);
}
