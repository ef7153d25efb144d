import type { DropStmt } from "@pgsql/types";
import { defineRule, displayName, droppedNames, nameOfRangeVar, quoteQualified, type QualifiedName } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { nodeOf, statementsAfter } from "./support/migration-scan.js";

const NOUNS: Record<string, string> = { OBJECT_VIEW: "view", OBJECT_MATVIEW: "materialized view" };

/** The view or materialized view a statement creates, if any. */
function createdView(statement: Statement): QualifiedName | undefined {
  const view = nodeOf<{ view?: { relname?: string; schemaname?: string } }>(statement, "ViewStmt")?.view;
  const matview = nodeOf<{ objtype?: string; into?: { rel?: { relname?: string; schemaname?: string } } }>(statement, "CreateTableAsStmt");
  return nameOfRangeVar(view ?? (matview?.objtype === "OBJECT_MATVIEW" ? matview.into?.rel : undefined));
}

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping a view or materialized view the migrations created breaks the previous release, which still selects from it.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: [], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["DropStmt"],
    messages: {
      default: 'Existing {{kind}} "{{name}}" is dropped{{cascade}}: the previous release still selects from it and fails, so rolling the code back no longer works.',
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { DropStmt?: DropStmt }).DropStmt;
    const kind = stmt?.removeType ? NOUNS[stmt.removeType] : undefined;
    if (!stmt || !kind) return [];
    // Dropped and created again later in the same migration (how a view's columns are changed): it stays.
    const recreated = new Set(statementsAfter(context).map(createdView));
    return droppedNames(stmt)
      .filter((name) => {
        const origin = context.model.relations.get(name)?.origin;
        // Views the migrations never created are not reported: rollsafe cannot tell what they are.
        return origin !== undefined && origin !== context.unit && !recreated.has(name);
      })
      .map((name) => ({
        messageId: "default" as const,
        data: {
          kind,
          name: displayName(name),
          cascade: stmt.behavior === "DROP_CASCADE" ? " with CASCADE, which also drops every view that depends on it" : "",
        },
        saferAlternative: [
          `-- Release 1: ship code that no longer selects from ${displayName(name)}.`,
          `-- Release 2, once no running or rollback-target version uses it:`,
          `DROP ${kind.toUpperCase()} ${quoteQualified(name)};`,
        ].join("\n"),
      }));
  },
});
