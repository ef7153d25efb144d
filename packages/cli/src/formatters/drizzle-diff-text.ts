// `rollsafe drizzle diff` as text: one line per change (✖ dangerous, ✔ safe), its dangers with their
// rule, the expand/contract advice, and where it is declared.
import pc from "picocolors";
import type { SourceLocation } from "@rollsafe/drizzle";
import type { DrizzleDiffRun } from "../commands/drizzle/diff.js";

export function formatDrizzleDiffText(run: DrizzleDiffRun, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  const against = run.snapshot ? `the latest snapshot ${run.snapshot}` : "no snapshot (no migration yet: everything is new)";
  out.push(`${c.bold("drizzle diff")}: ${run.schemaFiles.join(", ")} against ${against}`);
  out.push("");
  for (const problem of run.problems) out.push(`${c.yellow("!")} ${at(problem.location)}: ${problem.message}`);
  if (run.diff.changes.length === 0) {
    out.push("No change: drizzle-kit generate has nothing to generate.");
    return `${out.join("\n")}\n`;
  }
  for (const change of run.diff.changes) {
    const dangerous = change.dangers.length > 0;
    const place = change.after ?? change.before;
    out.push(`${dangerous ? c.red("✖") : c.green("✔")} ${change.summary}${place ? c.dim(`  ${at(place)}`) : ""}`);
    for (const danger of change.dangers) out.push(`    ${c.yellow(danger.category)} ${c.dim(`(${danger.rule})`)}: ${danger.reason}`);
    if (change.advice) out.push(`    ${c.cyan("expand/contract")}: ${change.advice}`);
  }
  for (const prompt of run.diff.renamePrompts) {
    out.push("");
    out.push(`${c.yellow("?")} drizzle-kit generate will ask about ${prompt.table.replace(/^public\./, "")}: is ${prompt.added.join(", ")} created, or renamed from ${prompt.dropped.join(", ")}? A rename keeps the data but still breaks the previous release; "create" drops the old column.`);
  }
  const dangerous = run.diff.changes.filter((ch) => ch.dangers.length > 0);
  const categories = new Map<string, number>();
  for (const ch of dangerous) for (const cat of new Set(ch.dangers.map((d) => d.category))) categories.set(cat, (categories.get(cat) ?? 0) + 1);
  out.push("");
  out.push(`${run.diff.changes.length} change(s), ${dangerous.length} dangerous${categories.size > 0 ? ` (${[...categories].map(([k, n]) => `${n} ${k}`).join(", ")})` : ""}.`);
  return `${out.join("\n")}\n`;
}

function at(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
