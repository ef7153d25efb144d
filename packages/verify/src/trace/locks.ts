// The relation locks this session holds, read from pg_locks before COMMIT. One query returns each
// lock with the relation as it is now (name, kind, relfilenode), which also keeps the RelationMap
// current.
import type { LockMode } from "@rollsafe/core";
import type { Engine } from "../engine/engine.js";
import { FIRST_USER_OID, type RelationRow } from "./relations.js";

/** pg_locks' mode names -> the names PostgreSQL's documentation (and rollsafe's messages) use. */
const MODES: Record<string, LockMode> = {
  AccessShareLock: "ACCESS SHARE",
  RowShareLock: "ROW SHARE",
  RowExclusiveLock: "ROW EXCLUSIVE",
  ShareUpdateExclusiveLock: "SHARE UPDATE EXCLUSIVE",
  ShareLock: "SHARE",
  ShareRowExclusiveLock: "SHARE ROW EXCLUSIVE",
  ExclusiveLock: "EXCLUSIVE",
  AccessExclusiveLock: "ACCESS EXCLUSIVE",
};

export interface HeldLockRow extends RelationRow {
  mode: string;
}

export interface HeldLock {
  oid: number;
  mode: LockMode;
}

// The session's relation locks on user relations (oid >= FirstNormalObjectId: the catalogs this very
// query reads are left out), in this database.
const LOCKS_SQL = `SELECT l.relation::int8::float8 AS oid, l.mode, n.nspname, c.relname, c.relkind::text AS relkind, c.relfilenode::int8::float8 AS relfilenode, i.indrelid::int8::float8 AS indrelid
FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_index i ON i.indexrelid = l.relation
WHERE l.locktype = 'relation' AND l.pid = pg_backend_pid() AND l.relation >= ${FIRST_USER_OID} AND (n.nspname IS NULL OR (n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%')) AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/** Prepared once per session: a generic plan costs a third of planning the join for every statement. */
const PREPARED = "rollsafe_locks";

/** The prepared lock query, as the tracer appends it to a statement. */
export const LOCKS_EXECUTE = `EXECUTE ${PREPARED}`;

export async function prepareLockQuery(engine: Engine): Promise<void> {
  await engine.exec(`PREPARE ${PREPARED} AS ${LOCKS_SQL}`);
}

/**
 * The locks, with the lock query prepared again first when a statement of the migration dropped it
 * (DEALLOCATE ALL, DISCARD ALL). Checked, not tried: a failed EXECUTE would abort the transaction the
 * statement's locks are held in.
 */
export async function readLocks(engine: Engine): Promise<HeldLockRow[]> {
  const [prepared] = await engine.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = '${PREPARED}'`);
  if (!prepared?.n) await prepareLockQuery(engine);
  return engine.query<HeldLockRow>(`EXECUTE ${PREPARED}`);
}

export function lockMode(mode: string): LockMode | undefined {
  return MODES[mode];
}
