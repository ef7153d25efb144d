// Checks the engine itself makes (they are about the input, not about one statement's SQL).
// They have rule ids, docs pages and configurable severities like every rule.
import type { Category, Severity } from "./finding.js";
import type { Rule } from "./rule.js";

function builtin(id: string, severity: Severity, description: string, messages: string | Record<string, string>, category: Category = "analysis"): Rule {
  return { id, meta: { description, category, severity, messages: typeof messages === "string" ? { default: messages } : messages, statementKinds: [] }, check: () => [] };
}

export const SYNTAX_ERROR = builtin("syntax-error", "error", "PostgreSQL's grammar rejects the statement.", "{{message}}");
export const INVALID_OVERRIDE = builtin("invalid-override", "error", "A `-- compat:` override without a reason, with an empty reason, or naming an unknown rule or category.", "{{message}}");
export const UNUSED_OVERRIDE = builtin("unused-override", "warn", "A `-- compat:` override that allows nothing on its statement.", {
  default: "This override allows nothing: no {{category}} finding{{rules}} on the statement it is attached to. Remove it, or move it to the statement it is meant for.",
  misplaced:
    "This override is {{where}}, so it is attached to no statement and allows nothing. Put it on the line(s) right before the statement, or at the end of the statement's first line.",
});
export const UNMODELED_STATEMENT = builtin("unmodeled-statement", "note", "A statement whose effect on the schema or on the previous release rollsafe cannot follow (DO blocks, functions, procedures, EXECUTE, triggers and rules on existing tables).", "Not modelled: {{why}}. Later findings assume it changes no table; review its effect by hand.");


// Pull-request checks (`rollsafe lint --changed-since <ref>`): they compare the migrations with the
// merge base, which the CLI reads from git and hands to the engine as `LintOptions.history`.
export const EDITED_APPLIED_MIGRATION = builtin(
  "edited-applied-migration",
  "error",
  "A migration that already existed at the merge base is edited: databases that applied it will not run it again.",
  "Migration {{name}} existed at {{base}} (the merge base) and has been edited since. Databases that already applied it will not run it again, so they and new databases end up with different schemas. Put the change in a new migration and restore this file.",
  "integrity",
);
export const OUT_OF_ORDER_MIGRATION = builtin(
  "out-of-order-migration",
  "error",
  "A new migration is ordered before a migration that already existed at the merge base.",
  "New migration {{name}} is ordered before {{existing}}, which existed at {{base}} (the merge base). Databases that already applied {{existing}} skip it or apply it after later migrations, against a schema it was not written for. Rename it so it sorts after {{existing}}.",
  "integrity",
);

// With `overrides.signoff` configured, in pull-request mode: the CLI reads the reviews and reports the
// overrides nobody allowed has approved. Its severity follows `overrides.signoff.required` (error) unless
// `rules` sets one.
export const OVERRIDE_NEEDS_SIGNOFF = builtin(
  "override-needs-signoff",
  "warn",
  "A `-- compat:` override that the pull request adds or changes has no approving review by an allowed reviewer.",
  {
    default: "This override is new or changed in this pull request ({{change}}) and is not signed off: {{detail}} It needs an approving review by {{approvers}} (not the pull request's author), submitted after that change.",
    unavailable: "This override is new or changed in this pull request ({{change}}) and needs an approving review by {{approvers}} (not the pull request's author), but the reviews cannot be checked: {{reason}}",
  },
);

// drizzle-kit folders: the journal (engine, from the facts the reader collected) and the snapshots
// (@rollsafe/drizzle's snapshot checks, through LintOptions.setChecks).
export const MISSING_MIGRATION_FILE = builtin(
  "missing-migration-file",
  "error",
  "A drizzle-kit journal entry whose SQL file does not exist: drizzle-kit's migrator stops with an error on it.",
  "meta/_journal.json lists {{tag}}, but {{file}} does not exist. drizzle-kit migrate stops with an error at this entry on every database, applied or not. Restore the file from git, or remove the entry (and its snapshot) if the migration never ran anywhere.",
  "integrity",
);
export const UNLISTED_MIGRATION = builtin(
  "unlisted-migration",
  "warn",
  "A SQL file in a drizzle-kit folder that meta/_journal.json does not list: drizzle-kit's migrator never applies it.",
  "{{file}} is not listed in meta/_journal.json, so drizzle-kit migrate never applies it (rollsafe lints it anyway, after the listed migrations, as if it ran outside a transaction). Create hand-written migrations with drizzle-kit generate --custom so that the journal lists them, or delete the file if it is a leftover.",
  "integrity",
);
export const JOURNAL_ORDER = builtin(
  "journal-order",
  "error",
  "drizzle-kit journal entries whose `when` does not increase, or whose `idx` repeats or goes back: drizzle-orm's migrator silently skips a migration whose `when` is not after the last applied one.",
  {
    when: "{{tag}} has when {{when}}, not after {{previous}}'s {{previousWhen}}. drizzle-orm's migrator applies only the migrations whose when is later than the last applied one, so databases that already applied {{previous}} silently skip {{tag}}. Give {{tag}} a when later than every entry before it (and keep the entries in that order).",
    idx: "{{tag}} has idx {{idx}}, not after {{previous}}'s {{previousIdx}}: the two migrations were generated from the same journal, on parallel branches (a merge conflict in disguise). Regenerate the later one on top of the other (drizzle-kit drop, then drizzle-kit generate) so that its SQL and snapshot start from the merged schema.",
  },
  "integrity",
);
export const BROKEN_SNAPSHOT_CHAIN = builtin(
  "broken-snapshot-chain",
  "error",
  "A drizzle-kit snapshot whose `prevId` is not the `id` of the snapshot before it: two migrations were generated on parallel branches.",
  {
    default: "{{snapshot}} has prevId {{prevId}}, but the snapshot before it ({{previous}}) has id {{previousId}}: this migration was generated from another state of the schema (on a parallel branch), so its SQL does not take the other branch's changes into account, and drizzle-kit generate refuses to run on a broken chain. Regenerate it on top of the merged schema (drizzle-kit drop, then drizzle-kit generate).",
    unreadable: "{{snapshot}} {{reason}}: drizzle-kit cannot read it, so drizzle-kit generate fails, and rollsafe cannot compare it with the SQL. Restore it from git, or regenerate it.",
  },
  "integrity",
);
const AGREE = "Make them agree: change the schema file and generate the migration, or write hand-made SQL with drizzle-kit generate --custom and mirror it in the schema file.";
export const SNAPSHOT_DRIFT = builtin(
  "snapshot-drift",
  "warn",
  "The schema replayed from a drizzle-kit migration's SQL differs from the snapshot drizzle-kit stored for it (a hand-edited or custom migration).",
  {
    tableOnlyInSql: `After {{migration}}, the SQL has created table {{table}}, but {{snapshot}} does not have it: drizzle-kit believes it does not exist, so if the schema file declares it, the next drizzle-kit generate creates it again and that migration fails. ${AGREE}`,
    tableOnlyInSnapshot: `After {{migration}}, {{snapshot}} has table {{table}}, but no migration's SQL creates it (or the SQL dropped it): databases built from the migrations do not have it, and drizzle-kit will never generate it. ${AGREE}`,
    columnOnlyInSql: `After {{migration}}, the SQL has added column {{column}} to {{table}}, but {{snapshot}} does not have it: if the schema file declares it, the next drizzle-kit generate adds it again and that migration fails. ${AGREE}`,
    columnOnlyInSnapshot: `After {{migration}}, {{snapshot}} has column {{column}} of {{table}}, but the SQL never added it (or dropped it): code built from the schema file uses a column databases do not have, and drizzle-kit will never generate it. ${AGREE}`,
    type: `After {{migration}}, column {{column}} of {{table}} is {{sqlType}} in the SQL but {{snapshotType}} in {{snapshot}}: databases have the SQL's type, and drizzle-kit will not generate the change. ${AGREE}`,
    notNull: `After {{migration}}, column {{column}} of {{table}} is {{sqlNullability}} in the SQL but {{snapshotNullability}} in {{snapshot}}: databases have the SQL's constraint, and drizzle-kit will not generate the change. ${AGREE}`,
  },
  "integrity",
);

/**
 * The checks about a drizzle-kit folder as a whole (its journal and snapshots), not about one file's SQL:
 * only a lint of the folder reports them (not the ESLint plugin, which lints one file at a time).
 */
export const FOLDER_CHECKS: readonly Rule[] = [MISSING_MIGRATION_FILE, UNLISTED_MIGRATION, JOURNAL_ORDER, BROKEN_SNAPSHOT_CHAIN, SNAPSHOT_DRIFT];

export const BUILTIN_CHECKS: readonly Rule[] = [
  SYNTAX_ERROR,
  INVALID_OVERRIDE,
  UNUSED_OVERRIDE,
  UNMODELED_STATEMENT,
  EDITED_APPLIED_MIGRATION,
  OUT_OF_ORDER_MIGRATION,
  OVERRIDE_NEEDS_SIGNOFF,
  MISSING_MIGRATION_FILE,
  UNLISTED_MIGRATION,
  JOURNAL_ORDER,
  BROKEN_SNAPSHOT_CHAIN,
  SNAPSHOT_DRIFT,
];
