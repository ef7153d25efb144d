// What identifies a finding across edits that move it: the rule, the file, and the statement's text
// without its layout, hashed. Line numbers are left out on purpose.
import { createHash } from "node:crypto";
import { normalizeSqlLayout, type Finding } from "@rollsafe/core";

/** sha256 (hex) of the finding's statement, layout removed; the finding's own text when it has no statement. */
export function statementFingerprint(finding: Finding, migrationText: string): string {
  const span = finding.statementSpan ?? { start: finding.range.start.offset, end: finding.range.end.offset };
  return createHash("sha256").update(normalizeSqlLayout(migrationText.slice(span.start, span.end))).digest("hex");
}
