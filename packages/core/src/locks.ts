// Which lock a statement takes on which table. PostgreSQL's lock levels, weakest to strongest; a
// statement's verdict names the level and what it blocks (docs/locks.md).
import type { Statement } from "@rollsafe/parser";
import type { QualifiedName } from "./model/names.js";
import type { SchemaModel } from "./model/schema-model.js";

export const LOCK_MODES = [
  "ACCESS SHARE",
  "ROW SHARE",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "EXCLUSIVE",
  "ACCESS EXCLUSIVE",
] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** What other sessions cannot do while the lock is held. */
export const LOCK_BLOCKS: Record<LockMode, string> = {
  "ACCESS SHARE": "only ACCESS EXCLUSIVE (DDL that rewrites or drops)",
  "ROW SHARE": "EXCLUSIVE and ACCESS EXCLUSIVE",
  "ROW EXCLUSIVE": "SHARE and stronger (CREATE INDEX, VALIDATE with SHARE)",
  "SHARE UPDATE EXCLUSIVE": "VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY and other schema changes, not reads or writes",
  SHARE: "writes (INSERT, UPDATE, DELETE); reads continue",
  "SHARE ROW EXCLUSIVE": "writes (INSERT, UPDATE, DELETE); reads continue",
  EXCLUSIVE: "writes and SELECT ... FOR UPDATE; plain reads continue",
  "ACCESS EXCLUSIVE": "every read and write",
};

export interface TableLock {
  table: QualifiedName;
  mode: LockMode;
}

/**
 * The table locks a statement takes, as far as rollsafe knows (an empty list when it takes none or
 * is not modelled). The rules package owns this knowledge (`statementLocks`); the engine is given it
 * (LintOptions.locks) to follow the locks held through a migration's transaction. With the schema as
 * it was before the statement, it also knows the tables a foreign key ties to the ones named.
 */
export type LockResolver = (statement: Statement, model?: SchemaModel) => TableLock[];
