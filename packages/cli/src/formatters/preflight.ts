// `rollsafe preflight` output: text for a deploy log, JSON for automation (docs/release-safety.md).
import pc from "picocolors";
import { verdictWord } from "@rollsafe/core";
import type { PreflightMigration, PreflightResult } from "../commands/preflight/compare.js";

export const PREFLIGHT_FORMAT_VERSION = 1;

export function formatPreflightJson(result: PreflightResult): string {
  return `${JSON.stringify({ version: PREFLIGHT_FORMAT_VERSION, ...result }, null, 2)}\n`;
}

export function formatPreflightText(result: PreflightResult, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const tone = result.ok === true ? c.green : result.ok === false ? c.red : c.yellow;
  const out: string[] = [];
  const ledger = result.ledger.found ? `${result.ledger.table} (${result.ledger.rows} row(s))` : `${result.ledger.table} does not exist: nothing applied yet`;
  out.push(`${c.bold("Ledger:")} ${result.ledger.kind} ${ledger}`);
  out.push(`${c.bold("Database at:")} ${result.current ?? "unknown"}; target ${result.target}; ${result.applied} applied, ${result.pending.length} pending`);
  const section = (title: string, items: readonly PreflightMigration[]) => {
    if (items.length === 0) return;
    out.push(c.bold(`${title}:`));
    for (const m of items) out.push(`  ${m.name}${m.release ? c.dim(` (${m.release})`) : ""}  ${c.dim(m.path)}`);
  };
  section("Pending", result.pending);
  if (result.unknownApplied.length > 0) out.push(`${c.bold("Applied, unknown to this release:")} ${result.unknownApplied.join(", ")}`);
  section("Edited after they were applied", result.edited);
  section("Never applied by the tool", result.skipped);
  section("Out of order", result.outOfOrder);
  if (result.failed.length > 0) out.push(`${c.bold("Failed half-way:")} ${result.failed.join(", ")}`);
  out.push(`${c.bold("Upgrade safe:")} ${verdictWord(result.span.safe)}${result.span.requiredStops.length > 0 ? `; stop at ${result.span.requiredStops.join(", ")}` : ""}`);
  out.push(tone(c.bold(`Start ${result.target}: ${result.ok === true ? "yes" : result.ok === false ? "no" : "unknown (never reported as safe)"}`)));
  for (const r of result.reasons) out.push(`  ${r}`);
  return `${out.join("\n")}\n`;
}
