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

export const BUILTIN_CHECKS: readonly Rule[] = [SYNTAX_ERROR, INVALID_OVERRIDE, UNUSED_OVERRIDE, UNMODELED_STATEMENT, EDITED_APPLIED_MIGRATION, OUT_OF_ORDER_MIGRATION, OVERRIDE_NEEDS_SIGNOFF];
