// `--offline-signoff <file>`: the approvals of a merge request on a CI system other than GitHub
// Actions, written by the pipeline as JSON (docs/overrides.md#other-ci-systems).
import { readFileSync } from "node:fs";
import { ConfigError } from "@rollsafe/core";
import { teamKey, type Review } from "@rollsafe/core/signoff";
import * as v from "valibot";

const Login = v.pipe(v.string(), v.regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/, "expected a login (no @)"));
const IsoDate = v.pipe(v.string(), v.isoTimestamp("expected an ISO 8601 date-time such as 2026-03-01T11:00:00Z"));

const OfflineSchema = v.strictObject({
  version: v.optional(v.literal(1)),
  author: Login,
  approvals: v.array(
    v.pipe(
      v.strictObject({
        login: Login,
        commit: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{40}$/, "expected a full commit id (40 hex digits)"))),
        submittedAt: v.optional(IsoDate),
      }),
      v.check((a) => a.commit !== undefined || a.submittedAt !== undefined, "an approval needs the commit it approved (commit) or its date (submittedAt)"),
    ),
  ),
  teams: v.optional(v.record(v.pipe(v.string(), v.regex(/^@[^/\s]+\/[^/\s]+$/, "expected @org/team")), v.array(Login))),
});

export interface OfflineSignoff {
  author: string;
  reviews: Review[];
  teams: Map<string, Set<string>>;
}

/** Reads and validates the file; a mistake is a usage error naming the file and the key. */
export function readOfflineSignoff(path: string, shown: string): OfflineSignoff {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`--offline-signoff: ${shown}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `cannot read: ${(error as Error).message}`}`);
  }
  const result = v.safeParse(OfflineSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    const where = (issue.path ?? []).map((p) => String(p.key)).join(".") || "(top level)";
    throw new ConfigError(`--offline-signoff: ${shown}: ${where}: ${issue.message}`);
  }
  const file = result.output;
  return {
    author: file.author,
    reviews: file.approvals.map((a) => ({ login: a.login, state: "APPROVED", submittedAt: a.submittedAt, commit: a.commit })),
    teams: new Map(Object.entries(file.teams ?? {}).map(([team, members]) => {
      const [org, slug] = team.slice(1).split("/") as [string, string];
      return [teamKey(org, slug), new Set(members.map((m) => m.toLowerCase()))];
    })),
  };
}
