// The rules table of docs/rules/README.md, rendered from rule metadata. Used by
// scripts/build-rules-docs.mjs (writes it) and by the docs meta-test (checks it).

/** A cell for another tool's equivalents: their ids, or "none". */
function cell(ids) {
  return ids && ids.length > 0 ? ids.map((id) => `\`${id}\``).join(", ") : "none";
}

export function rulesTable(rules) {
  const rows = rules.map((r) => {
    const eq = r.meta.equivalents;
    const others = eq ? [cell(eq.squawk), cell(eq.strongMigrations), cell(eq.atlas), cell(eq.eugene)] : ["–", "–", "–", "–"];
    return `| [${r.id}](${r.id}.md) | ${[r.meta.category, ...(r.meta.alsoCategories ?? [])].join(", ")} | ${r.meta.severity} | ${r.meta.preset ?? "recommended"} | ${others.join(" | ")} | ${r.meta.description.replace(/\|/g, "\\|")} |`;
  });
  return [
    "| rule | category | default severity | preset | squawk | strong_migrations | Atlas | eugene | description |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

export const START = "<!-- rules:start -->\n";
export const END = "<!-- rules:end -->";

/** The README text with the table between the markers replaced. */
export function withTable(readme, table) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error("docs/rules/README.md needs the <!-- rules:start --> and <!-- rules:end --> markers");
  return readme.slice(0, start + START.length) + table + readme.slice(end);
}
