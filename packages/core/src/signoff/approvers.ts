// Who may sign an override off: users and `@org/team` teams (from the configuration or CODEOWNERS).
// E-mail owners come only from CODEOWNERS; reviews carry logins, never e-mail addresses.

export type Approver =
  | { kind: "user"; login: string; spec: string }
  | { kind: "team"; org: string; slug: string; spec: string }
  | { kind: "email"; email: string; spec: string };

const USER = /^@?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?)$/;
const TEAM = /^@([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9][A-Za-z0-9._-]*)$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** `alice` or `@alice` (a user), `@org/team` (a team), `a@b.example` (an e-mail owner); undefined otherwise. */
export function parseApprover(spec: string): Approver | undefined {
  const team = TEAM.exec(spec);
  if (team) return { kind: "team", org: team[1]!, slug: team[2]!, spec };
  const user = USER.exec(spec);
  if (user) return { kind: "user", login: user[1]!, spec };
  if (EMAIL.test(spec)) return { kind: "email", email: spec, spec };
  return undefined;
}

/** How a team is looked up (GitHub's org names and team slugs are case-insensitive). */
export function teamKey(org: string, slug: string): string {
  return `${org}/${slug}`.toLowerCase();
}

/** GitHub logins are case-insensitive. */
export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** `alice, bob or a member of @acme/db-reviewers`, for messages. */
export function describeApprovers(approvers: readonly Approver[]): string {
  const names = approvers.map((a) => (a.kind === "team" ? `a member of ${a.spec}` : a.kind === "user" ? `@${a.login}` : a.spec));
  if (names.length === 0) return "nobody";
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}
