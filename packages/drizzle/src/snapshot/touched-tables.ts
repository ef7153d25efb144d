// The tables a statement creates, alters, renames, drops or indexes: where a finding about a table
// points in a migration.
import { droppedNames, nameOfRangeVar, type QualifiedName } from "@rollsafe/core";
import type { Ast, Statement } from "@rollsafe/parser";

export function touchedTables(statement: Statement): QualifiedName[] {
  const node = statement.node as Record<string, { relation?: Ast.RangeVar } | undefined>;
  switch (statement.kind) {
    case "CreateStmt":
    case "AlterTableStmt":
    case "IndexStmt": {
      const name = nameOfRangeVar(node[statement.kind]?.relation);
      return name ? [name] : [];
    }
    case "RenameStmt": {
      const rename = node.RenameStmt as Ast.RenameStmt;
      const from = nameOfRangeVar(rename.relation);
      if (!from) return [];
      return rename.renameType === "OBJECT_TABLE" && rename.newname ? [from, `${from.slice(0, from.indexOf("."))}.${rename.newname}`] : [from];
    }
    case "DropStmt": {
      const drop = node.DropStmt as Ast.DropStmt;
      return drop.removeType === "OBJECT_TABLE" ? droppedNames(drop) : [];
    }
    default:
      return [];
  }
}
