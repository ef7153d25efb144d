import type { AlterTableCmd, AlterTableStmt } from "@pgsql/types";
import { applyAlterCommand, commandRange, nameOfRangeVar, type Column, type QualifiedName, type RuleContext, type Table } from "@rollsafe/core";
import type { Range, Statement } from "@rollsafe/parser";

/** One sub-command of an ALTER TABLE, with the table as the model knew it. */
export interface AlterCommand {
  cmd: AlterTableCmd;
  tableName: QualifiedName;
  /** The table before the statement (a stand-in that counts as existing if the model never saw it). */
  table: Table;
  /**
   * The table just before this sub-command: the model is replayed per statement, so in
   * `ADD COLUMN x int, ALTER COLUMN x SET NOT NULL` the second command must see the column the first
   * one added. Equal to `table` for the first command.
   */
  tableBefore: Table;
  /** True when the table was created by the change being checked: old code never used it. */
  tableIsNew: boolean;
  range(): Range;
}

// Several rules look at the same ALTER TABLE; the commands are worked out once per statement.
const cache = new WeakMap<Statement, AlterCommand[]>();

/** The sub-commands of an ALTER TABLE on a table (not an index, view or sequence). */
export function alterTableCommands(statement: Statement, context: RuleContext): AlterCommand[] {
  let commands = cache.get(statement);
  if (!commands) cache.set(statement, (commands = computeCommands(statement, context)));
  return commands;
}

function computeCommands(statement: Statement, context: RuleContext): AlterCommand[] {
  const stmt = (statement.node as { AlterTableStmt?: AlterTableStmt }).AlterTableStmt;
  if (!stmt || (stmt.objtype && stmt.objtype !== "OBJECT_TABLE")) return [];
  const tableName = nameOfRangeVar(stmt.relation);
  if (!tableName) return [];
  const table = context.model.tableOrUnknown(tableName);
  const tableIsNew = table.origin === context.unit;
  const items = stmt.cmds ?? [];
  const commands: AlterCommand[] = [];
  let tableBefore = table;
  items.forEach((item, index) => {
    if (!("AlterTableCmd" in item)) return;
    const cmd = item.AlterTableCmd;
    commands.push({ cmd, tableName, table, tableBefore, tableIsNew, range: () => commandRange(statement, context, index, items.length) });
    if (index < items.length - 1) {
      // Replay the command on a copy (the model itself is replayed after the rules ran).
      tableBefore = copyTable(tableBefore);
      applyAlterCommand(tableBefore, cmd, context.unit);
    }
  });
  return commands;
}

function copyTable(table: Table): Table {
  return {
    ...table,
    columns: new Map([...table.columns].map(([name, column]) => [name, { ...column }])),
    constraints: new Map([...table.constraints].map(([name, constraint]) => [name, { ...constraint, columns: [...constraint.columns] }])),
  };
}

/** The column as it stands just before this sub-command. */
export function columnOf(command: AlterCommand, column: string | undefined): Column | undefined {
  return column ? command.tableBefore.columns.get(column) : undefined;
}

/** Whether the column was added by the change being checked (old code never used it). */
export function columnIsNew(command: AlterCommand, column: string | undefined, context: RuleContext): boolean {
  if (command.tableIsNew) return true;
  return columnOf(command, column)?.origin === context.unit;
}
