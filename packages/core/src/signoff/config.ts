// `overrides.signoff` in rollsafe.config.json: who must approve a `-- compat:` override that a pull
// request adds or changes. Only the schema and the type live here: the check itself is loaded by the
// CLI when this section is set, so a run without it pays nothing.
import * as v from "valibot";

/** `"alice"`, `"@alice"` (a user) or `"@org/team"` (a team), as CODEOWNERS writes them. */
export const APPROVER_PATTERN = /^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$|^@[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface SignoffConfig {
  /** Unsigned overrides are errors (the run fails, also when the reviews cannot be read); otherwise warnings. */
  required?: boolean;
  /** Users and `@org/team` teams, or `"codeowners"`: the owners of the migration file in the base branch's CODEOWNERS. */
  approvers: string[] | "codeowners";
}

export interface OverridesConfig {
  signoff?: SignoffConfig;
}

const ApproverSchema = v.pipe(v.string(), v.regex(APPROVER_PATTERN, 'expected a GitHub login ("alice") or a team ("@org/team")'));

export const OverridesSchema = v.strictObject({
  signoff: v.optional(
    v.strictObject({
      required: v.optional(v.boolean()),
      approvers: v.union([v.literal("codeowners"), v.pipe(v.array(ApproverSchema), v.minLength(1, "expected at least one approver"))], 'expected "codeowners" or a list of logins and @org/team teams'),
    }),
  ),
});

export const OVERRIDES_KNOWN_KEYS: Record<string, string[]> = {
  overrides: ["signoff"],
  "overrides.signoff": ["required", "approvers"],
};
