import type { AlterTableCmd, AlterTableStmt, ColumnDef } from "@pgsql/types";
import { columnFromDef, columnTypeOf, commandRange, nameOfRangeVar, type Column, type QualifiedName, type RuleContext, type Table } from "@rollsafe/core";
import type { Range, Statement } from "@rollsafe/parser";

/** One sub-command of an ALTER TABLE, with the table as the model knew it before the statement. */
export interface AlterCommand {
  cmd: AlterTableCmd;
  tableName: QualifiedName;
  /** The table before the statement (a stand-in that counts as existing if the model never saw it). */
  table: Table;
  /** True when the table was created by the change being checked: old code never used it. */
  tableIsNew: boolean;
  /**
   * Columns added by the earlier sub-commands of the same statement, as they stand just before this
   * one (`ADD COLUMN x int, ALTER COLUMN x SET NOT NULL`): the model is replayed per statement, so
   * without this a column added one comma earlier would look like an existing one.
   */
  addedEarlier: ReadonlyMap<string, Column>;
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
  const added = new Map<string, Column>();
  items.forEach((item, index) => {
    if (!("AlterTableCmd" in item)) return;
    const cmd = item.AlterTableCmd;
    commands.push({ cmd, tableName, table, tableIsNew, addedEarlier: new Map(added), range: () => commandRange(statement, context, index, items.length) });
    trackAddedColumns(added, cmd, table, context);
  });
  return commands;
}

/**
 * Follows the columns a statement adds through its later sub-commands. Entries are replaced, never
 * mutated, so each command's `addedEarlier` snapshot stays as it was.
 */
function trackAddedColumns(added: Map<string, Column>, cmd: AlterTableCmd, table: Table, context: RuleContext): void {
  const def = cmd.def as { ColumnDef?: ColumnDef } | undefined;
  const name = cmd.name;
  const update = (change: Partial<Column>) => {
    const column = name ? added.get(name) : undefined;
    if (column && name) added.set(name, { ...column, ...change });
  };
  switch (cmd.subtype) {
    case "AT_AddColumn": {
      if (!def?.ColumnDef) return;
      const column = columnFromDef(def.ColumnDef, context.unit);
      // ADD COLUMN IF NOT EXISTS of a column that exists does nothing.
      if (cmd.missing_ok && (added.has(column.name) || table.columns.has(column.name))) return;
      added.set(column.name, column);
      return;
    }
    case "AT_DropColumn":
      if (name) added.delete(name);
      return;
    case "AT_ColumnDefault":
      return update({ hasDefault: cmd.def !== undefined });
    case "AT_SetNotNull":
      return update({ notNull: true });
    case "AT_DropNotNull":
      return update({ notNull: false });
    case "AT_AlterColumnType":
      return update({ type: columnTypeOf(def?.ColumnDef?.typeName) });
    case "AT_AddIdentity":
      return update({ identity: true, notNull: true });
    case "AT_DropIdentity":
      return update({ identity: false });
  }
}

/** The column as it stands before this sub-command: added earlier in the statement, or from the model. */
export function columnOf(command: AlterCommand, column: string | undefined): Column | undefined {
  if (!column) return undefined;
  return command.addedEarlier.get(column) ?? command.table.columns.get(column);
}

/** Whether the column was added by the change being checked (old code never used it). */
export function columnIsNew(command: AlterCommand, column: string | undefined, context: RuleContext): boolean {
  if (command.tableIsNew) return true;
  return columnOf(command, column)?.origin === context.unit;
}
