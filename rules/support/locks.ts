// The table locks each statement takes (PostgreSQL's documentation, "Explicit Locking" and each
// command's page). The engine uses this to follow the locks held through a transaction; locking
// rules use it to name the lock in their messages.
//
// A lock is reported on the relation the statement names. Where PostgreSQL locks a relation the
// statement does not name (DROP INDEX and REINDEX INDEX lock the index's table too), the index is
// reported: the resolver sees the statement only, not the schema (rules resolve the table from the model).
import type { AlterTableCmd, AlterTableStmt, ClusterStmt, Constraint, CreateStmt, CreateTrigStmt, DropStmt, IndexStmt, LockStmt, Node, PartitionCmd, RangeVar, RefreshMatViewStmt, ReindexStmt, RenameStmt, VacuumStmt } from "@pgsql/types";
import { LOCK_MODES, docsPageUrl, droppedNames, nameOfList, nameOfRangeVar, type Constraint as ModelConstraint, type LockMode, type QualifiedName, type RuleContext, type SchemaModel, type TableLock } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";

/**
 * ALTER TABLE sub-commands that take less than ACCESS EXCLUSIVE (the rest take ACCESS EXCLUSIVE),
 * from the ALTER TABLE page: "the lock level acquired is the strictest one required by any subcommand".
 */
const ALTER_TABLE_LOCKS: Record<string, LockMode> = {
  AT_ValidateConstraint: "SHARE UPDATE EXCLUSIVE",
  AT_SetStatistics: "SHARE UPDATE EXCLUSIVE",
  AT_SetOptions: "SHARE UPDATE EXCLUSIVE",
  AT_ResetOptions: "SHARE UPDATE EXCLUSIVE",
  AT_ClusterOn: "SHARE UPDATE EXCLUSIVE",
  AT_DropCluster: "SHARE UPDATE EXCLUSIVE",
  AT_SetRelOptions: "SHARE UPDATE EXCLUSIVE",
  AT_ResetRelOptions: "SHARE UPDATE EXCLUSIVE",
  AT_AttachPartition: "SHARE UPDATE EXCLUSIVE",
  AT_DetachPartitionFinalize: "SHARE UPDATE EXCLUSIVE",
  AT_EnableTrig: "SHARE ROW EXCLUSIVE",
  AT_EnableAlwaysTrig: "SHARE ROW EXCLUSIVE",
  AT_EnableReplicaTrig: "SHARE ROW EXCLUSIVE",
  AT_EnableTrigAll: "SHARE ROW EXCLUSIVE",
  AT_EnableTrigUser: "SHARE ROW EXCLUSIVE",
  AT_DisableTrig: "SHARE ROW EXCLUSIVE",
  AT_DisableTrigAll: "SHARE ROW EXCLUSIVE",
  AT_DisableTrigUser: "SHARE ROW EXCLUSIVE",
};

/** `LOCK TABLE ... IN <mode> MODE`: the parser's lock mode numbers (AccessShareLock = 1 ... AccessExclusiveLock = 8). */
export function lockStatementMode(stmt: LockStmt): LockMode {
  return LOCK_MODES[(stmt.mode ?? 8) - 1] ?? "ACCESS EXCLUSIVE";
}

export function strongerLock(a: LockMode | undefined, b: LockMode): LockMode {
  return a === undefined || LOCK_MODES.indexOf(b) > LOCK_MODES.indexOf(a) ? b : a;
}

/** What each lock keeps other sessions from doing, as messages say it. */
const BLOCKS: Record<LockMode, string> = {
  "ACCESS SHARE": "only ACCESS EXCLUSIVE locks",
  "ROW SHARE": "EXCLUSIVE and ACCESS EXCLUSIVE locks",
  "ROW EXCLUSIVE": "index builds and other SHARE locks, not reads or writes",
  "SHARE UPDATE EXCLUSIVE": "schema changes, VACUUM and concurrent index builds, not reads or writes",
  SHARE: "writes (INSERT, UPDATE, DELETE), not reads",
  "SHARE ROW EXCLUSIVE": "writes (INSERT, UPDATE, DELETE), not reads",
  EXCLUSIVE: "writes and SELECT ... FOR UPDATE, not plain reads",
  "ACCESS EXCLUSIVE": "every read and write",
};

/** `an ACCESS EXCLUSIVE lock, which blocks every read and write`: how messages name a lock (LOCK_BLOCKS says the same, in core). */
export function describeLock(mode: LockMode): string {
  return `${/^[AEIOU]/.test(mode) ? "an" : "a"} ${mode} lock, which blocks ${BLOCKS[mode]}`;
}

/** The lock one ALTER TABLE sub-command takes on the altered table. */
export function alterCommandLock(cmd: AlterTableCmd): LockMode {
  if (cmd.subtype === "AT_DetachPartition") return (cmd.def as { PartitionCmd?: PartitionCmd } | undefined)?.PartitionCmd?.concurrent ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE";
  if (cmd.subtype === "AT_AddConstraint") {
    const constraint = (cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
    if (constraint?.contype === "CONSTR_FOREIGN") return "SHARE ROW EXCLUSIVE";
  }
  return ALTER_TABLE_LOCKS[cmd.subtype ?? ""] ?? "ACCESS EXCLUSIVE";
}

/** Adds a lock to the list, keeping one entry (the strongest) per relation. */
function add(locks: TableLock[], table: QualifiedName | undefined, mode: LockMode): void {
  if (!table) return;
  const existing = locks.find((l) => l.table === table);
  if (existing) existing.mode = strongerLock(existing.mode, mode);
  else locks.push({ table, mode });
}

function alterTableLocks(stmt: AlterTableStmt): TableLock[] {
  const table = nameOfRangeVar(stmt.relation);
  if (!table || (stmt.objtype && stmt.objtype !== "OBJECT_TABLE")) return [];
  const locks: TableLock[] = [];
  for (const item of stmt.cmds ?? []) {
    if (!("AlterTableCmd" in item)) continue;
    const cmd = item.AlterTableCmd;
    add(locks, table, alterCommandLock(cmd));
    const def = cmd.def as { Constraint?: Constraint; PartitionCmd?: PartitionCmd } | undefined;
    // A foreign key also locks the referenced table (SHARE ROW EXCLUSIVE), to add its triggers.
    if (cmd.subtype === "AT_AddConstraint" && def?.Constraint?.contype === "CONSTR_FOREIGN") add(locks, nameOfRangeVar(def.Constraint.pktable), "SHARE ROW EXCLUSIVE");
    // The partition being attached or detached is locked ACCESS EXCLUSIVE (SHARE UPDATE EXCLUSIVE when detached concurrently).
    if (cmd.subtype === "AT_AttachPartition") add(locks, nameOfRangeVar(def?.PartitionCmd?.name), "ACCESS EXCLUSIVE");
    if (cmd.subtype === "AT_DetachPartition") add(locks, nameOfRangeVar(def?.PartitionCmd?.name), def?.PartitionCmd?.concurrent ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE");
  }
  return locks;
}

function rangeVars(nodes: readonly Node[] | undefined): RangeVar[] {
  return (nodes ?? []).flatMap((n) => ("RangeVar" in n ? [n.RangeVar] : []));
}

/** REINDEX and REINDEX CONCURRENTLY. */
export function reindexIsConcurrent(stmt: ReindexStmt): boolean {
  return (stmt.params ?? []).some((p) => "DefElem" in p && p.DefElem.defname === "concurrently");
}

/** VACUUM FULL (also `VACUUM (FULL)` and `VACUUM (FULL true)`). */
export function vacuumIsFull(stmt: VacuumStmt): boolean {
  return (stmt.options ?? []).some((o) => {
    if (!("DefElem" in o) || o.DefElem.defname !== "full") return false;
    const arg = o.DefElem.arg as { Boolean?: { boolval?: boolean }; String?: { sval?: string }; Integer?: { ival?: number } } | undefined;
    if (!arg) return true;
    if (arg.Boolean) return !!arg.Boolean.boolval;
    if (arg.Integer) return (arg.Integer.ival ?? 0) !== 0;
    return !/^(false|off|0|no)$/i.test(arg.String?.sval ?? "");
  });
}

// The engine (to track held locks) and several rules ask for the same statement's locks.
const lockCache = new WeakMap<Statement, TableLock[]>();

/**
 * The locks a statement takes. With the schema as it was before it (`model`), also the tables that
 * foreign keys tie to the ones it names: PostgreSQL drops and re-creates a foreign key's triggers on
 * both tables, so it locks the other one ACCESS EXCLUSIVE too (observed with `rollsafe verify`:
 * docs/verify.md, "Cross-check").
 */
export function statementLocks(statement: Statement, model?: SchemaModel): TableLock[] {
  let locks = lockCache.get(statement);
  if (!locks) lockCache.set(statement, (locks = computeStatementLocks(statement)));
  if (!model) return locks;
  const partners = foreignKeyPartnerLocks(statement, model);
  if (partners.length === 0) return locks;
  const all = locks.map((l) => ({ ...l }));
  for (const lock of partners) add(all, lock.table, lock.mode);
  return all;
}

/** The foreign keys `table` holds. */
function ownForeignKeys(model: SchemaModel, table: QualifiedName): ModelConstraint[] {
  const keys: ModelConstraint[] = [];
  for (const c of model.tables.get(table)?.constraints.values() ?? []) if (c.kind === "foreign-key" && c.references) keys.push(c);
  return keys;
}

/** The foreign keys of other tables that reference `table`: a scan of every table, so asked only when needed. */
function referencingForeignKeys(model: SchemaModel, table: QualifiedName): Array<{ table: QualifiedName; key: ModelConstraint }> {
  const referencing: Array<{ table: QualifiedName; key: ModelConstraint }> = [];
  for (const other of model.tables.values()) {
    if (other.name === table) continue;
    for (const key of other.constraints.values()) if (key.kind === "foreign-key" && key.references?.table === table) referencing.push({ table: other.name, key });
  }
  return referencing;
}

/** ALTER TABLE sub-commands that can drop a foreign key's triggers on the other table. */
const KEY_DROPPING_COMMANDS = new Set(["AT_DropConstraint", "AT_DropColumn", "AT_AlterColumnType"]);

/**
 * DROP TABLE drops its foreign keys (and, with CASCADE, those referencing it); DROP CONSTRAINT of a
 * foreign key, DROP COLUMN of a key column and ALTER COLUMN ... TYPE of a key column (which rebuilds the
 * key) drop its triggers on the other table: ACCESS EXCLUSIVE there. Most statements are none of these,
 * and return before the model is searched.
 */
function foreignKeyPartnerLocks(statement: Statement, model: SchemaModel): TableLock[] {
  const locks: TableLock[] = [];
  const node = statement.node as Record<string, unknown>;
  if (statement.kind === "DropStmt") {
    const stmt = node.DropStmt as DropStmt;
    if (stmt.removeType !== "OBJECT_TABLE") return [];
    const dropped = new Set(droppedNames(stmt));
    for (const table of dropped) {
      for (const key of ownForeignKeys(model, table)) if (!dropped.has(key.references!.table)) add(locks, key.references!.table, "ACCESS EXCLUSIVE");
      if (stmt.behavior === "DROP_CASCADE") for (const r of referencingForeignKeys(model, table)) if (!dropped.has(r.table)) add(locks, r.table, "ACCESS EXCLUSIVE");
    }
    return locks;
  }
  if (statement.kind !== "AlterTableStmt") return [];
  const stmt = node.AlterTableStmt as AlterTableStmt;
  const commands = (stmt.cmds ?? []).flatMap((item) => ("AlterTableCmd" in item && item.AlterTableCmd.name && KEY_DROPPING_COMMANDS.has(item.AlterTableCmd.subtype ?? "") ? [item.AlterTableCmd] : []));
  if (commands.length === 0) return [];
  const table = nameOfRangeVar(stmt.relation);
  if (!table || (stmt.objtype && stmt.objtype !== "OBJECT_TABLE")) return [];
  const own = ownForeignKeys(model, table);
  let referencing: ReturnType<typeof referencingForeignKeys> | undefined;
  for (const cmd of commands) {
    const name = cmd.name!;
    if (cmd.subtype === "AT_DropConstraint") {
      for (const key of own) if (key.name === name) add(locks, key.references!.table, "ACCESS EXCLUSIVE");
      continue;
    }
    for (const key of own) if (key.columns.includes(name) && key.references!.table !== table) add(locks, key.references!.table, "ACCESS EXCLUSIVE");
    if (cmd.subtype === "AT_AlterColumnType" || cmd.behavior === "DROP_CASCADE") {
      referencing ??= referencingForeignKeys(model, table);
      for (const r of referencing) if (r.key.references!.columns.includes(name)) add(locks, r.table, "ACCESS EXCLUSIVE");
    }
  }
  return locks;
}

function computeStatementLocks(statement: Statement): TableLock[] {
  const node = statement.node as Record<string, unknown>;
  switch (statement.kind) {
    case "AlterTableStmt":
      return alterTableLocks(node.AlterTableStmt as AlterTableStmt);
    case "IndexStmt": {
      const stmt = node.IndexStmt as IndexStmt;
      const table = nameOfRangeVar(stmt.relation);
      return table ? [{ table, mode: stmt.concurrent ? "SHARE UPDATE EXCLUSIVE" : "SHARE" }] : [];
    }
    case "DropStmt": {
      const stmt = node.DropStmt as DropStmt;
      switch (stmt.removeType) {
        case "OBJECT_TABLE":
        case "OBJECT_MATVIEW":
        case "OBJECT_VIEW":
          return droppedNames(stmt).map((table) => ({ table, mode: "ACCESS EXCLUSIVE" }));
        case "OBJECT_INDEX":
          // The index and its table: ACCESS EXCLUSIVE; SHARE UPDATE EXCLUSIVE on the table when CONCURRENTLY.
          return droppedNames(stmt).map((index) => ({ table: index, mode: stmt.concurrent ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE" }));
        case "OBJECT_TRIGGER":
        case "OBJECT_RULE":
        case "OBJECT_POLICY": {
          // `DROP TRIGGER t ON table`: the object is [schema?, table, trigger].
          const locks: TableLock[] = [];
          for (const object of stmt.objects ?? []) {
            const items = (object as { List?: { items?: Node[] } }).List?.items ?? [];
            add(locks, nameOfList(items.slice(0, -1)), "ACCESS EXCLUSIVE");
          }
          return locks;
        }
        default:
          return [];
      }
    }
    case "RenameStmt": {
      const stmt = node.RenameStmt as RenameStmt;
      const table = nameOfRangeVar(stmt.relation);
      if (!table) return [];
      switch (stmt.renameType) {
        case "OBJECT_TABLE":
        case "OBJECT_COLUMN":
        case "OBJECT_TABCONSTRAINT":
        case "OBJECT_VIEW":
        case "OBJECT_MATVIEW":
          return [{ table, mode: "ACCESS EXCLUSIVE" }];
        case "OBJECT_INDEX":
          return [{ table, mode: "SHARE UPDATE EXCLUSIVE" }];
        default:
          return [];
      }
    }
    case "TruncateStmt":
      return rangeVars((node.TruncateStmt as { relations?: Node[] }).relations).flatMap((r) => {
        const table = nameOfRangeVar(r);
        return table ? [{ table, mode: "ACCESS EXCLUSIVE" as const }] : [];
      });
    case "LockStmt": {
      const stmt = node.LockStmt as LockStmt;
      const mode = lockStatementMode(stmt);
      const locks: TableLock[] = [];
      for (const r of rangeVars(stmt.relations)) add(locks, nameOfRangeVar(r), mode);
      return locks;
    }
    case "RefreshMatViewStmt": {
      const stmt = node.RefreshMatViewStmt as RefreshMatViewStmt;
      const view = nameOfRangeVar(stmt.relation);
      return view ? [{ table: view, mode: stmt.concurrent ? "EXCLUSIVE" : "ACCESS EXCLUSIVE" }] : [];
    }
    case "VacuumStmt": {
      const stmt = node.VacuumStmt as VacuumStmt;
      const mode: LockMode = stmt.is_vacuumcmd && vacuumIsFull(stmt) ? "ACCESS EXCLUSIVE" : "SHARE UPDATE EXCLUSIVE";
      const locks: TableLock[] = [];
      for (const r of stmt.rels ?? []) add(locks, "VacuumRelation" in r ? nameOfRangeVar(r.VacuumRelation.relation) : undefined, mode);
      return locks;
    }
    case "ClusterStmt": {
      const table = nameOfRangeVar((node.ClusterStmt as ClusterStmt).relation);
      return table ? [{ table, mode: "ACCESS EXCLUSIVE" }] : [];
    }
    case "ReindexStmt": {
      const stmt = node.ReindexStmt as ReindexStmt;
      const relation = nameOfRangeVar(stmt.relation);
      if (!relation) return [];
      if (reindexIsConcurrent(stmt)) return [{ table: relation, mode: "SHARE UPDATE EXCLUSIVE" }];
      // REINDEX TABLE: SHARE on the table (and ACCESS EXCLUSIVE on each index); REINDEX INDEX: ACCESS EXCLUSIVE on the index.
      return [{ table: relation, mode: stmt.kind === "REINDEX_OBJECT_INDEX" ? "ACCESS EXCLUSIVE" : "SHARE" }];
    }
    case "CreateTrigStmt": {
      const table = nameOfRangeVar((node.CreateTrigStmt as CreateTrigStmt).relation);
      return table ? [{ table, mode: "SHARE ROW EXCLUSIVE" }] : [];
    }
    case "CreateStmt": {
      const stmt = node.CreateStmt as CreateStmt;
      const locks: TableLock[] = [];
      // CREATE TABLE ... PARTITION OF locks the parent ACCESS EXCLUSIVE.
      if (stmt.partbound) for (const parent of rangeVars(stmt.inhRelations)) add(locks, nameOfRangeVar(parent), "ACCESS EXCLUSIVE");
      // A foreign key locks the referenced table SHARE ROW EXCLUSIVE.
      for (const element of stmt.tableElts ?? []) {
        const constraints = "Constraint" in element ? [element.Constraint] : "ColumnDef" in element ? (element.ColumnDef.constraints ?? []).flatMap((c) => ("Constraint" in c ? [c.Constraint] : [])) : [];
        for (const c of constraints) if (c.contype === "CONSTR_FOREIGN") add(locks, nameOfRangeVar(c.pktable), "SHARE ROW EXCLUSIVE");
      }
      return locks;
    }
    default:
      return [];
  }
}

/** Whether the change being checked created the table (old code never used it, and it holds no rows yet). */
export function tableIsNew(context: RuleContext, table: QualifiedName): boolean {
  return context.model.tableOrUnknown(table).origin === context.unit;
}

/** The table an index belongs to, when the model saw the index created. */
export function tableOfIndex(context: RuleContext, index: QualifiedName): QualifiedName | undefined {
  return context.model.indexes.get(index)?.table;
}

/** A line for safer alternatives that must run outside a transaction block. */
export function outsideTransaction(context: RuleContext): string {
  return context.migration.inTransaction
    ? `-- CONCURRENTLY cannot run inside a transaction block: put this statement in a migration your tool runs without one (${docsPageUrl("sources.md#transactions")}).`
    : "-- Outside a transaction block (CONCURRENTLY cannot run inside one):";
}

/** PostgreSQL 14.0–14.3 can corrupt indexes built or rebuilt CONCURRENTLY (fixed in 14.4). */
export function hasConcurrentIndexBug(context: RuleContext): boolean {
  return context.postgresVersion === 14 && context.postgresMinor !== undefined && context.postgresMinor < 4;
}

/** Relations the statement locks ACCESS EXCLUSIVE that existed before the change (an index counts as its table). */
export function exclusiveOnExisting(locks: readonly TableLock[], context: RuleContext): QualifiedName[] {
  return locks.flatMap((lock) => {
    if (lock.mode !== "ACCESS EXCLUSIVE") return [];
    const index = context.model.indexes.get(lock.table);
    if (index) return index.origin === context.unit || tableIsNew(context, index.table) ? [] : [lock.table];
    const relation = context.model.relations.get(lock.table);
    if (relation) return relation.origin === context.unit ? [] : [lock.table];
    return tableIsNew(context, lock.table) ? [] : [lock.table];
  });
}
