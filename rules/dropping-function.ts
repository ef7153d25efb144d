import type { DropStmt, Node } from "@pgsql/types";
import { defineRule, displayName, nameOfList, quoteQualified } from "@rollsafe/core";
import { createdFunction, statementsAfter, statementsBefore } from "./support/migration-scan.js";

const NOUNS: Record<string, string> = { OBJECT_FUNCTION: "function", OBJECT_PROCEDURE: "procedure", OBJECT_ROUTINE: "routine" };

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping a function or procedure breaks the previous release, which may still call it, and the triggers, defaults and views that use it.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: [], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["DropStmt"],
    messages: {
      default: '{{Kind}} "{{name}}" is dropped{{cascade}}: the previous release may still call it and fail, so rolling the code back no longer works.',
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { DropStmt?: DropStmt }).DropStmt;
    const kind = stmt?.removeType ? NOUNS[stmt.removeType] : undefined;
    if (!stmt || !kind) return [];
    // The model does not track functions: one created earlier in the migration is new, and one created
    // again later (how a signature or return type is changed) stays.
    const created = new Set([...statementsBefore(context), ...statementsAfter(context)].map(createdFunction));
    return (stmt.objects ?? []).flatMap((object) => {
      const name = nameOfList((object as { ObjectWithArgs?: { objname?: Node[] } }).ObjectWithArgs?.objname);
      if (!name || created.has(name)) return [];
      return [
        {
          messageId: "default" as const,
          data: {
            Kind: kind[0]!.toUpperCase() + kind.slice(1),
            name: displayName(name),
            cascade: stmt.behavior === "DROP_CASCADE" ? " with CASCADE, which also drops the triggers, defaults and views that use it" : "",
          },
          saferAlternative: [
            `-- Release 1: ship code that no longer calls ${displayName(name)}; move triggers and defaults off it.`,
            `-- Release 2, once no running or rollback-target version calls it:`,
            `DROP ${kind.toUpperCase()} ${quoteQualified(name)};`,
          ].join("\n"),
        },
      ];
    });
  },
});
