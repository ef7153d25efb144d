import type { DropStmt, Node, RenameStmt } from "@pgsql/types";
import { defineRule, displayName, droppedNames, nameOfList, qualify, quoteQualified, type QualifiedName, type RuleContext } from "@rollsafe/core";
import { nodeOf } from "./support/migration-scan.js";

/** What DROP removes, in words, and how the model tells whether it existed before the change. */
const KINDS: Record<string, { noun: string; existing: (name: QualifiedName, context: RuleContext) => boolean | undefined }> = {
  OBJECT_TABLE: { noun: "table", existing: (name, c) => existing(c.model.tables.get(name)?.origin, c, true) },
  OBJECT_TYPE: { noun: "type", existing: (name, c) => existing(c.model.enums.get(name)?.origin, c, false) && !replacedEnum(name, c) },
};

/**
 * Prisma's recreate-the-enum: `ALTER TYPE "X" RENAME TO "X_old"; ALTER TYPE "X_new" RENAME TO "X";
 * DROP TYPE "X_old"` (or the drop of "X" before the rename). Another type takes the dropped one's name in
 * the same migration, so old code still finds a type of that name; dropping-enum-value reports the values
 * it lost, on the ALTER COLUMN ... TYPE.
 */
function replacedEnum(dropped: QualifiedName, context: RuleContext): boolean {
  const renames = context.migration.statements.flatMap((s, index) => {
    const stmt = nodeOf<RenameStmt>(s, "RenameStmt");
    const from = stmt?.renameType === "OBJECT_TYPE" ? nameOfList((stmt.object as { List?: { items?: Node[] } } | undefined)?.List?.items) : undefined;
    return from && stmt?.newname ? [{ from, to: qualify(from.slice(0, from.indexOf(".")), stmt.newname), before: index < context.migration.index }] : [];
  });
  // The name the dropped type had before this migration renamed it out of the way ("X" for "X_old").
  const original = renames.find((r) => r.before && r.to === dropped)?.from ?? dropped;
  return renames.some((r) => r.to === original && r.from !== dropped);
}

/**
 * Tables the model never saw count as existing. Types are reported only when the model knows them: a DROP TYPE of something never created here is more likely a domain or composite
 * type rollsafe does not track than an enum old code uses.
 */
function existing(origin: unknown, context: RuleContext, unknownCountsAsExisting: boolean): boolean {
  if (origin === undefined) return unknownCountsAsExisting;
  return origin !== context.unit;
}

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping an existing table (or an enum type the migrations created) breaks the previous release and destroys data.",
    category: "breaking",
    severity: "error",
    alsoCategories: ["data-loss"],
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
