// How every format words a sign-off: `@alice on 2026-03-01T11:00:00Z (via @acme/db-reviewers)`.
import type { Approval } from "@rollsafe/core";

export function describeApproval(approval: Approval): string {
  const via = approval.via.replace(/^@/, "").toLowerCase() === approval.login.toLowerCase() ? "" : ` (via ${approval.via})`;
  return `@${approval.login}${approval.submittedAt ? ` on ${approval.submittedAt}` : ""}${via}`;
}

/** The JSON shape of `overridden.approvedBy` (docs/json-format.md). */
export function approvalJson(approval: Approval) {
  return { login: approval.login, submittedAt: approval.submittedAt ?? null, via: approval.via };
}
