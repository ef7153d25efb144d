// `rollsafe migrate-down` for a terminal: what was reverted (or why not), what it destroyed, where the
// snapshot is, what was verified. Progress went to stderr while it ran.
import pc from "picocolors";
import type { MigrateDownRun } from "@rollsafe/executor";
import { where } from "./report-model.js";

export function formatMigrateDownText(run: MigrateDownRun, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  if (run.target) out.push(c.bold(`migrate-down: ${run.target.downPath} (version ${run.target.version} -> ${run.target.previous ?? "none"})${run.database ? ` in ${run.database}` : ""}`));
  if (run.dataLoss.length > 0) {
    out.push(c.bold("Data this step destroys:"));
    for (const f of run.dataLoss) out.push(`  ${where(f)} ${f.ruleId}: ${f.message}`);
  }
  if (run.snapshot) out.push(`${c.dim("snapshot:")} ${run.snapshot.file} (${run.snapshot.method === "pg_dump" ? "pg_dump --schema-only" : "catalog query dump"})`);
  for (const m of run.mismatches) out.push(`${c.red("mismatch:")} ${m}`);
  switch (run.outcome) {
    case "succeeded":
      out.push(c.green(c.bold(`Done: ${run.reason}.`)));
      out.push("Check the service, then decide on the next step: migrate-down runs one step per run.");
      break;
    case "refused":
      out.push(c.red(c.bold(`Refused: ${run.reason}`)));
      break;
    case "interrupted":
      out.push(c.yellow(c.bold(`Interrupted: ${run.reason}`)));
      break;
    default:
      out.push(c.red(c.bold(`Failed: ${run.reason}`)));
  }
  if (run.correctives.length > 0) {
    out.push("");
    out.push(c.bold("Corrective forward migrations (from rollsafe report):"));
    for (const k of run.correctives) {
      out.push(`  ${k.finding.ruleId} at ${where(k.finding)}:`);
      if (k.sql) out.push(`    ${c.cyan(k.sql)}`);
      out.push(`    ${k.note}`);
    }
  }
  for (const w of run.warnings) out.push(`${c.yellow("warning:")} ${w}`);
  out.push(c.dim(`Audit record appended to ${run.auditFile}`));
  return `${out.join("\n")}\n`;
}
