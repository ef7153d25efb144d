// Two catalogs compared object by object: every table, column (type, nullability, default),
// constraint, index and enum present in one and not the other, or present in both but different.
import type { CatalogDifference } from "../types.js";
import type { Catalog } from "./snapshot.js";

function describeColumn(c: { type: string; notNull: boolean; default: string | null }): string {
  return `${c.type}${c.notNull ? " NOT NULL" : ""}${c.default !== null ? ` DEFAULT ${c.default}` : ""}`;
}

function compareMaps<T>(out: CatalogDifference[], what: string, before: Map<string, T>, after: Map<string, T>, show: (value: T) => string): void {
  for (const [name, value] of before) {
    const other = after.get(name);
    if (other === undefined) out.push({ object: `${what} ${name}`, change: "missing", before: show(value) });
    else if (show(other) !== show(value)) out.push({ object: `${what} ${name}`, change: "differs", before: show(value), after: show(other) });
  }
  for (const [name, value] of after) if (!before.has(name)) out.push({ object: `${what} ${name}`, change: "extra", after: show(value) });
}

/** What differs between `before` (the expected state) and `after`. */
export function diffCatalogs(before: Catalog, after: Catalog): CatalogDifference[] {
  const out: CatalogDifference[] = [];
  // Tables by presence (their columns are compared one by one below).
  compareMaps(out, "table", before.tables, after.tables, () => "a table");
  const columns = (catalog: Catalog) => {
    const map = new Map<string, { type: string; notNull: boolean; default: string | null }>();
    for (const [table, info] of catalog.tables) for (const [name, column] of info.columns) map.set(`${table}.${name}`, column);
    return map;
  };
  // Columns of tables missing on one side are already reported with their table.
  const inBoth = (catalog: Catalog, other: Catalog) => {
    const map = columns(catalog);
    for (const key of [...map.keys()]) if (!other.tables.has(key.slice(0, key.lastIndexOf(".")))) map.delete(key);
    return map;
  };
  compareMaps(out, "column", inBoth(before, after), inBoth(after, before), describeColumn);
  compareMaps(out, "constraint", before.constraints, after.constraints, (d) => d);
  compareMaps(out, "index", before.indexes, after.indexes, (d) => d);
  compareMaps(out, "enum", before.enums, after.enums, (labels) => labels.join(", "));
  return out;
}
