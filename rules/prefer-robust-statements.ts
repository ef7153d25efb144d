import type { CreateStmt, DropStmt, IndexStmt } from "@pgsql/types";
import { defineRule, type RuleReport } from "@rollsafe/core";
import type { Range, Statement } from "@rollsafe/parser";
import { alterTableCommands } from "./support/alter-table.js";

type MessageId = "ifNotExists" | "ifExists";

// Where the clause goes, in the statement's (or sub-command's) text.
const CREATE_TABLE = /^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+/i;
const CREATE_INDEX = /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?/i;
const DROP = /^DROP\s+(?:MATERIALIZED\s+VIEW|FOREIGN\s+TABLE|FOREIGN\s+DATA\s+WRAPPER|TEXT\s+SEARCH\s+\w+|OPERATOR\s+(?:CLASS|FAMILY)|ACCESS\s+METHOD|EVENT\s+TRIGGER|\w+)\s+(?:CONCURRENTLY\s+)?/i;
const ADD_COLUMN = /^ADD\s+(?:COLUMN\s+)?/i;
const DROP_COLUMN = /^DROP\s+(?:COLUMN\s+)?/i;
const DROP_CONSTRAINT = /^DROP\s+CONSTRAINT\s+/i;

export default defineRule(import.meta.url, {
  meta: {
    description: "In a migration that does not run in a transaction, a CREATE without IF NOT EXISTS or a DROP without IF EXISTS makes the migration fail when it is run again after failing halfway.",
    category: "hygiene",
    severity: "warn",
    preset: "strict",
    equivalents: { squawk: ["prefer-robust-stmts"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["CreateStmt", "IndexStmt", "DropStmt", "AlterTableStmt"],
    messages: {
      ifNotExists: "{{what}} without IF NOT EXISTS, in a migration that runs outside a transaction: if it fails after this statement, running it again fails here.",
      ifExists: "{{what}} without IF EXISTS, in a migration that runs outside a transaction: if it fails after this statement, running it again fails here.",
    },
  },
  check(statement, context) {
    // A transaction rolls a failed migration back whole, and a one-statement migration cannot half apply.
    if (context.migration.inTransaction || context.migration.statements.length < 2) return [];
    const node = statement.node as { CreateStmt?: CreateStmt; IndexStmt?: IndexStmt; DropStmt?: DropStmt };
    const report = (messageId: MessageId, what: string, pattern: RegExp, clause: string, range?: Range, text = statement.text): RuleReport<MessageId> => {
      const match = pattern.exec(text);
      const rewritten = match ? `${match[0]}${clause} ${text.slice(match[0].length)}` : undefined;
      const saferAlternative = rewritten === undefined ? undefined : range ? replaceRange(statement, range, rewritten) : `${rewritten};`;
      return { messageId, data: { what }, ...(range ? { range } : {}), ...(saferAlternative ? { saferAlternative } : {}) };
    };
    if (node.CreateStmt && !node.CreateStmt.if_not_exists) return [report("ifNotExists", "CREATE TABLE", CREATE_TABLE, "IF NOT EXISTS")];
    // IF NOT EXISTS needs an index name.
    if (node.IndexStmt && !node.IndexStmt.if_not_exists && node.IndexStmt.idxname) return [report("ifNotExists", "CREATE INDEX", CREATE_INDEX, "IF NOT EXISTS")];
    if (node.DropStmt && !node.DropStmt.missing_ok) {
      const what = /^DROP\s+(?:MATERIALIZED\s+VIEW|FOREIGN\s+TABLE|\w+)/i.exec(statement.text)?.[0].toUpperCase().replace(/\s+/g, " ") ?? "DROP";
      return [report("ifExists", what, DROP, "IF EXISTS")];
    }
    return alterTableCommands(statement, context).flatMap((command): RuleReport<MessageId>[] => {
      const range = command.range();
      const text = context.source.text.slice(range.start.offset, range.end.offset);
      if (command.cmd.missing_ok) return [];
      switch (command.cmd.subtype) {
        case "AT_AddColumn":
          return [report("ifNotExists", "ADD COLUMN", ADD_COLUMN, "IF NOT EXISTS", range, text)];
        case "AT_DropColumn":
          return [report("ifExists", "DROP COLUMN", DROP_COLUMN, "IF EXISTS", range, text)];
        case "AT_DropConstraint":
          return [report("ifExists", "DROP CONSTRAINT", DROP_CONSTRAINT, "IF EXISTS", range, text)];
        default:
          return [];
      }
    });
  },
});

/** The statement with one sub-command's text replaced. */
function replaceRange(statement: Statement, range: Range, text: string): string {
  const from = range.start.offset - statement.range.start.offset;
  const to = range.end.offset - statement.range.start.offset;
  return `${statement.text.slice(0, from)}${text}${statement.text.slice(to)};`;
}
