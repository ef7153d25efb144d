// `rollsafe compat` as text: each break with the declaration it breaks (at the base) and the statement
// that breaks it, then the current code's uses of what the migrations drop, then the verdict.
import pc from "picocolors";
import type { SourceLocation } from "@rollsafe/drizzle";
import type { CompatRun } from "../commands/compat/run.js";

export function formatCompatText(run: CompatRun, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const base = `${run.base.ref} (${run.base.commit.slice(0, 12)})`;
  const out: string[] = [];
  out.push(`${c.bold("compat")}: the code at ${base} against the schema after ${run.newMigrations.length} new migration(s) in ${run.dir}`);
  out.push(c.dim(`expectations: ${run.expectations.source} ${run.expectations.files.join(", ")} at ${run.base.ref}`));
  for (const problem of run.problems) out.push(`${c.yellow("!")} ${problem.path}: ${problem.message}`);
  out.push("");
  for (const b of run.breaks) {
    out.push(`${c.red("✖")} ${b.message}`);
    if (b.declaredAt) out.push(`    ${c.dim("declared at")} ${at(b.declaredAt)} ${c.dim(`(at ${run.base.ref})`)}`);
    out.push(`    ${c.dim("broken by")} ${at(b.statement.location)}  ${b.statement.sql}`);
  }
  if (run.references.length > 0) {
    out.push("");
    out.push(c.bold("The current code still uses what the new migrations drop (the deploy itself breaks):"));
    for (const r of run.references) out.push(`  ${at(r.location)}  ${c.dim(r.form)}  ${r.table.replace(/^public\./, "")}${r.column ? `.${r.column}` : ""}  ${c.dim(r.text)}`);
  }
  if (run.referencesSkipped) out.push(c.dim(`(current code not scanned: ${run.referencesSkipped})`));
  out.push("");
  if (run.breaks.length === 0) out.push(`${c.green("✔")} The code at ${run.base.ref} keeps working against the new schema: rolling the code back after these migrations is safe.`);
  else out.push(`${c.red("✖")} ${run.breaks.length} break(s): the code at ${run.base.ref} fails against the new schema, so rolling the code back after these migrations is not safe (roll forward; see rollsafe report).`);
  if (run.references.length > 0) out.push(`${c.red("✖")} ${run.references.length} place(s) in the current code use dropped tables or columns.`);
  return `${out.join("\n")}\n`;
}

function at(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
