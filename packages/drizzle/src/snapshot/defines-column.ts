// Whether a statement sets a column's definition (adds it, changes its type or nullability, renames or
// drops it): where a drift about the column points, before a mere mention (an index, a foreign key).
import type { Ast, Statement } from "@rollsafe/parser";

const COLUMN_COMMANDS = new Set(["AT_AlterColumnType", "AT_SetNotNull", "AT_DropNotNull", "AT_DropColumn", "AT_ColumnDefault", "AT_AddIdentity"]);

export function definesColumn(statement: Statement, column: string): boolean {
  const node = statement.node as { CreateStmt?: Ast.CreateStmt; AlterTableStmt?: Ast.AlterTableStmt; RenameStmt?: Ast.RenameStmt };
  if (node.CreateStmt) return (node.CreateStmt.tableElts ?? []).some((e) => "ColumnDef" in e && e.ColumnDef.colname === column);
  if (node.AlterTableStmt) {
    return (node.AlterTableStmt.cmds ?? []).some((item) => {
      if (!("AlterTableCmd" in item)) return false;
      const cmd = item.AlterTableCmd;
      if (cmd.subtype === "AT_AddColumn") return (cmd.def as { ColumnDef?: Ast.ColumnDef } | undefined)?.ColumnDef?.colname === column;
      return cmd.name === column && COLUMN_COMMANDS.has(cmd.subtype ?? "");
    });
  }
  if (node.RenameStmt?.renameType === "OBJECT_COLUMN") return node.RenameStmt.subname === column || node.RenameStmt.newname === column;
  return false;
}
