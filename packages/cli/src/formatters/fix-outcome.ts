import type { FixOutcome } from "../commands/apply-fixes.js";

/** What --fix changed, one line per rewrite (on stderr, so JSON on stdout stays clean). */
export function formatFixOutcome(outcome: FixOutcome): string {
  const lines = outcome.applied.map((f) => `fixed ${f.path}:${f.line} ${f.ruleId}: ${f.title}`);
  for (const u of outcome.unwritten) lines.push(`not fixed ${u.path}: ${u.reason}`);
  if (outcome.skipped > 0) lines.push(`${outcome.skipped} overlapping fix(es) left for another run of --fix`);
  lines.push(`${outcome.applied.length} fix(es) applied`);
  return `${lines.join("\n")}\n`;
}
