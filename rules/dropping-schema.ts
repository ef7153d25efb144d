import type { DropStmt } from "@pgsql/types";
import { defineRule, droppedNames, quoteIdent } from "@rollsafe/core";
import { nodeOf, statementsBefore } from "./support/migration-scan.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping a schema breaks the previous release, which still uses the objects in it, and with CASCADE destroys all of them.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: [], strongMigrations: [], atlas: ["DS101"], eugene: [] },
    statementKinds: ["DropStmt"],
    messages: {
      default: 'Schema "{{name}}" is dropped{{cascade}}: the previous release still uses what is in it and fails, so rolling the code back no longer works.{{loss}}',
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { DropStmt?: DropStmt }).DropStmt;
    if (stmt?.removeType !== "OBJECT_SCHEMA") return [];
    // The model does not track schemas: one created earlier in the same migration is new.
    const createdHere = new Set(statementsBefore(context).flatMap((s) => nodeOf<{ schemaname?: string }>(s, "CreateSchemaStmt")?.schemaname ?? []));
    const cascade = stmt.behavior === "DROP_CASCADE";
    return droppedNames(stmt)
      .map((name) => name.slice(name.indexOf(".") + 1))
      .filter((schema) => !createdHere.has(schema))
      .map((schema) => ({
        messageId: "default" as const,
        data: {
          name: schema,
          cascade: cascade ? " with CASCADE" : "",
          loss: cascade ? " CASCADE drops every table, view and function in it: their data is gone for good." : " Without CASCADE the statement fails while anything is left in it.",
        },
        saferAlternative: [
          `-- Release 1: ship code that no longer uses anything in ${quoteIdent(schema)}; move what is still needed to another schema.`,
          `-- Release 2, once no running or rollback-target version uses it (take a backup first if the data matters):`,
          `DROP SCHEMA ${quoteIdent(schema)};`,
        ].join("\n"),
      }));
  },
});
