// A Catalog as plain JSON (its maps as entry lists), so a cached state can carry the catalog it holds
// and a `--changed-since` run that restores it does not read that catalog again.
import type { Catalog, ColumnInfo } from "./snapshot.js";

export interface SavedCatalog {
  tables: [string, { oid: number; columns: [string, ColumnInfo][] }][];
  constraints: [string, string][];
  indexes: [string, string][];
  enums: [string, string[]][];
}

export function saveCatalog(catalog: Catalog): SavedCatalog {
  return {
    tables: [...catalog.tables].map(([name, table]) => [name, { oid: table.oid, columns: [...table.columns] }]),
    constraints: [...catalog.constraints],
    indexes: [...catalog.indexes],
    enums: [...catalog.enums],
  };
}

export function loadCatalog(saved: SavedCatalog): Catalog {
  return {
    tables: new Map(saved.tables.map(([name, table]) => [name, { oid: table.oid, columns: new Map(table.columns) }])),
    constraints: new Map(saved.constraints),
    indexes: new Map(saved.indexes),
    enums: new Map(saved.enums),
  };
}
