// The table locks each statement takes (PostgreSQL's documentation, "Explicit Locking" and each
// command's page). The engine uses this to follow the locks held through a transaction; locking
// rules use it to name the lock in their messages.
import type { AlterTableStmt, DropStmt, IndexStmt, RenameStmt } from "@pgsql/types";
import { droppedNames, nameOfRangeVar, type LockMode, type TableLock } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";

/** ALTER TABLE sub-commands that take less than ACCESS EXCLUSIVE (the rest take ACCESS EXCLUSIVE). */
const ALTER_TABLE_LOCKS: Record<string, LockMode> = {
  AT_ValidateConstraint: "SHARE UPDATE EXCLUSIVE",
  AT_SetStatistics: "SHARE UPDATE EXCLUSIVE",
  AT_ClusterOn: "SHARE UPDATE EXCLUSIVE",
  AT_DropCluster: "SHARE UPDATE EXCLUSIVE",
  AT_SetRelOptions: "SHARE UPDATE EXCLUSIVE",
  AT_ResetRelOptions: "SHARE UPDATE EXCLUSIVE",
  AT_AttachPartition: "SHARE UPDATE EXCLUSIVE",
  AT_DetachPartitionFinalize: "SHARE UPDATE EXCLUSIVE",
};

const STRENGTH = ["ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"];

function strongest(modes: LockMode[]): LockMode | undefined {
  return modes.reduce<LockMode | undefined>((best, m) => (best === undefined || STRENGTH.indexOf(m) > STRENGTH.indexOf(best) ? m : best), undefined);
}

export function statementLocks(statement: Statement): TableLock[] {
  const node = statement.node as Record<string, unknown>;
  switch (statement.kind) {
    case "AlterTableStmt": {
      const stmt = node.AlterTableStmt as AlterTableStmt;
      const table = nameOfRangeVar(stmt.relation);
      if (!table || (stmt.objtype && stmt.objtype !== "OBJECT_TABLE")) return [];
      const modes = (stmt.cmds ?? []).map((c) => ("AlterTableCmd" in c ? (ALTER_TABLE_LOCKS[c.AlterTableCmd.subtype ?? ""] ?? "ACCESS EXCLUSIVE") : "ACCESS EXCLUSIVE"));
      const mode = strongest(modes as LockMode[]);
      return mode ? [{ table, mode }] : [];
    }
    case "IndexStmt": {
      const stmt = node.IndexStmt as IndexStmt;
      const table = nameOfRangeVar(stmt.relation);
      return table ? [{ table, mode: stmt.concurrent ? "SHARE UPDATE EXCLUSIVE" : "SHARE" }] : [];
    }
    case "DropStmt": {
      const stmt = node.DropStmt as DropStmt;
      if (stmt.removeType !== "OBJECT_TABLE" && stmt.removeType !== "OBJECT_MATVIEW") return [];
      return droppedNames(stmt).map((table) => ({ table, mode: "ACCESS EXCLUSIVE" }));
    }
    case "RenameStmt": {
      const table = nameOfRangeVar((node.RenameStmt as RenameStmt).relation);
      const type = (node.RenameStmt as RenameStmt).renameType;
      return table && (type === "OBJECT_TABLE" || type === "OBJECT_COLUMN" || type === "OBJECT_TABCONSTRAINT") ? [{ table, mode: "ACCESS EXCLUSIVE" }] : [];
    }
    case "TruncateStmt": {
      const relations = (node.TruncateStmt as { relations?: Array<{ RangeVar?: { relname?: string; schemaname?: string } }> }).relations ?? [];
      return relations.flatMap((r) => {
        const table = nameOfRangeVar(r.RangeVar);
        return table ? [{ table, mode: "ACCESS EXCLUSIVE" as const }] : [];
      });
    }
    default:
      return [];
  }
}
