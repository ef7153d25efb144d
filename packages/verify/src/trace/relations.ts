// What verify knows about the database's own relations (tables, indexes, views, sequences), by oid:
// names for the locks it reads, relfilenodes to see rewrites. Read in full once, then kept up to date
// from the rows each lock query returns, so tracing a statement costs one query.
import type { Engine } from "../engine/engine.js";

/** PostgreSQL's first oid for user objects (FirstNormalObjectId): lower oids are the system catalogs. */
export const FIRST_USER_OID = 16384;

export interface RelationInfo {
  /** `schema.name`, as PostgreSQL stores it. */
  name: string;
  /** pg_class.relkind: r table, p partitioned table, i index, I partitioned index, v view, m materialized view, S sequence, ... */
  kind: string;
  /** The storage file; a new one means the relation was rewritten (0 for relations without storage). */
  filenode: number;
  /** For an index: its table's oid. */
  table?: number;
}

export interface RelationRow {
  oid: number;
  nspname: string | null;
  relname: string | null;
  relkind: string | null;
  relfilenode: number | null;
  indrelid: number | null;
}

/** Relations in schemas of the database's own (not the catalogs, not TOAST, not other sessions' temp schemas). */
const USER_NAMESPACE = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

export const ALL_RELATIONS_SQL = `SELECT c.oid::int8::float8 AS oid, n.nspname, c.relname, c.relkind::text AS relkind, c.relfilenode::int8::float8 AS relfilenode, i.indrelid::int8::float8 AS indrelid
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_index i ON i.indexrelid = c.oid
WHERE c.oid >= ${FIRST_USER_OID} AND ${USER_NAMESPACE}`;

export class RelationMap {
  private readonly byOid = new Map<number, RelationInfo>();

  static async load(engine: Engine): Promise<RelationMap> {
    const map = new RelationMap();
    await map.refresh(engine);
    return map;
  }

  /** Reads every user relation again (after statements whose locks cannot be read). Returns the previous map. */
  async refresh(engine: Engine): Promise<Map<number, RelationInfo>> {
    const previous = new Map(this.byOid);
    this.byOid.clear();
    for (const row of await engine.query<RelationRow>(ALL_RELATIONS_SQL)) this.update(row);
    return previous;
  }

  get(oid: number): RelationInfo | undefined {
    return this.byOid.get(oid);
  }

  has(oid: number): boolean {
    return this.byOid.has(oid);
  }

  oids(): number[] {
    return [...this.byOid.keys()];
  }

  /** Records a row as the relation is now; rows of dropped relations (no name) are ignored. */
  update(row: RelationRow): void {
    if (row.relname === null || row.nspname === null || row.relkind === null) return;
    const info: RelationInfo = { name: `${row.nspname}.${row.relname}`, kind: row.relkind, filenode: Number(row.relfilenode ?? 0) };
    if (row.indrelid !== null && row.indrelid !== undefined) info.table = Number(row.indrelid);
    this.byOid.set(Number(row.oid), info);
  }

  /** A relation the statement dropped: forgotten after its name was used. */
  delete(oid: number): void {
    this.byOid.delete(oid);
  }
}
