import type { DropStmt } from "@pgsql/types";
import { defineRule, displayName, droppedNames, quoteQualified, type QualifiedName, type RuleContext } from "@rollsafe/core";

/** What DROP removes, in words, and how the model tells whether it existed before the change. */
const KINDS: Record<string, { noun: string; existing: (name: QualifiedName, context: RuleContext) => boolean | undefined }> = {
  OBJECT_TABLE: { noun: "table", existing: (name, c) => existing(c.model.tables.get(name)?.origin, c, true) },
  OBJECT_VIEW: { noun: "view", existing: (name, c) => existing(c.model.relations.get(name)?.origin, c, false) },
  OBJECT_MATVIEW: { noun: "materialized view", existing: (name, c) => existing(c.model.relations.get(name)?.origin, c, false) },
  OBJECT_TYPE: { noun: "type", existing: (name, c) => existing(c.model.enums.get(name)?.origin, c, false) },
};

/**
 * Tables the model never saw count as existing. Views and types are reported only when the model
 * knows them: a DROP TYPE of something never created here is more likely a domain or composite
 * type rollsafe does not track than an enum old code uses.
 */
function existing(origin: unknown, context: RuleContext, unknownCountsAsExisting: boolean): boolean {
  if (origin === undefined) return unknownCountsAsExisting;
  return origin !== context.unit;
}

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping an existing table (or a view, materialized view or type the migrations created) breaks the previous release and destroys data.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: ["ban-drop-table"], strongMigrations: [], atlas: ["DS102"], eugene: [] },
    statementKinds: ["DropStmt"],
    messages: {
      default: 'Existing {{kind}} "{{name}}" is dropped{{cascade}}: the previous release still uses it and fails, so rolling the code back no longer works.{{loss}}',
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { DropStmt?: DropStmt }).DropStmt;
    const kind = stmt?.removeType ? KINDS[stmt.removeType] : undefined;
    if (!stmt || !kind) return [];
    return droppedNames(stmt)
      .filter((name) => kind.existing(name, context))
      .map((name) => ({
        messageId: "default" as const,
        data: {
          kind: kind.noun,
          name: displayName(name),
          cascade: stmt.behavior === "DROP_CASCADE" ? " with CASCADE, which also drops every view and foreign key that depends on it" : "",
          loss: kind.noun === "table" ? " Its rows are gone for good." : "",
        },
        saferAlternative: [
          `-- Release 1: ship code that no longer uses ${displayName(name)}.`,
          `-- Release 2, once no running or rollback-target version uses it (take a backup first if the data matters):`,
          `DROP ${kind.noun.toUpperCase()} ${quoteQualified(name)};`,
        ].join("\n"),
      }));
  },
});
