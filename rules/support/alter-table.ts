import type { AlterTableCmd, AlterTableStmt } from "@pgsql/types";
import { commandRange, nameOfRangeVar, type QualifiedName, type RuleContext, type Table } from "@rollsafe/core";
import type { Range, Statement } from "@rollsafe/parser";

/** One sub-command of an ALTER TABLE, with the table as the model knew it before the statement. */
export interface AlterCommand {
  cmd: AlterTableCmd;
  tableName: QualifiedName;
  /** The table before the statement (a stand-in that counts as existing if the model never saw it). */
  table: Table;
  /** True when the table was created by the change being checked: old code never used it. */
  tableIsNew: boolean;
  range(): Range;
}

/** The sub-commands of an ALTER TABLE on a table (not an index, view or sequence). */
export function alterTableCommands(statement: Statement, context: RuleContext): AlterCommand[] {
  const stmt = (statement.node as { AlterTableStmt?: AlterTableStmt }).AlterTableStmt;
  if (!stmt || (stmt.objtype && stmt.objtype !== "OBJECT_TABLE")) return [];
  const tableName = nameOfRangeVar(stmt.relation);
  if (!tableName) return [];
  const table = context.model.tableOrUnknown(tableName);
  const tableIsNew = table.origin === context.unit;
  const items = stmt.cmds ?? [];
  const commands: AlterCommand[] = [];
  items.forEach((item, index) => {
    if ("AlterTableCmd" in item) {
      commands.push({ cmd: item.AlterTableCmd, tableName, table, tableIsNew, range: () => commandRange(statement, context, index, items.length) });
    }
  });
  return commands;
}

/** Whether the column was added by the change being checked (old code never used it). */
export function columnIsNew(command: AlterCommand, column: string | undefined, context: RuleContext): boolean {
  if (command.tableIsNew) return true;
  const known = column ? command.table.columns.get(column) : undefined;
  return known?.origin === context.unit;
}
