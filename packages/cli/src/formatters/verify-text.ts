// `rollsafe verify` for a terminal: per migration, the statements worth a look (a lock that blocks
// writes, a rewrite, an error, a note), then the down round trips, the catalog changes and a summary.
import { LOCK_MODES, displayName } from "@rollsafe/core";
import type { StatementTrace } from "@rollsafe/verify";
import pc from "picocolors";
import type { VerifyRun } from "../commands/verify/run.js";

/** From SHARE up a lock blocks writes: those are shown; weaker ones only with --verbose. */
const SHOWN_FROM = LOCK_MODES.indexOf("SHARE");

export function formatVerifyText(run: VerifyRun, options: { color: boolean; verbose: boolean }): string {
  const c = pc.createColors(options.color);
  const { result } = run;
  const out: string[] = [];
  const engine = result.engine === "pglite" ? `PGlite (PostgreSQL ${result.serverVersion})` : `PostgreSQL ${result.serverVersion} (a temporary database, dropped)`;
  out.push(c.bold(`rollsafe verify on ${engine}`) + c.dim(` ${result.roots.join(", ")}`));
  const byPath = new Map<string, StatementTrace[]>();
  for (const s of result.statements) byPath.set(s.path, [...(byPath.get(s.path) ?? []), s]);
  for (const migration of result.migrations) {
    const shown = (byPath.get(migration.path) ?? []).filter((s) => options.verbose || worthShowing(s));
    if (shown.length === 0 && !migration.down) continue;
    out.push("");
    out.push(c.underline(migration.path) + (migration.source === "cache" ? c.dim(" (from the cache)") : ""));
    for (const s of shown) out.push(...statementLines(s, c, options.verbose));
    const down = migration.down;
    if (down) {
      if (down.outcome === "ok") out.push(`  ${c.green("down ok")} ${c.dim(`${down.path}: the catalog after up + down equals the one before up`)}`);
      if (down.outcome === "failed") out.push(`  ${c.red("down failed")} ${down.error?.path}:${down.error?.line}:${down.error?.column}: ${down.error?.message}`);
      if (down.outcome === "down-not-inverse") {
        out.push(`  ${c.red("down-not-inverse")} ${down.path}: after up + down the catalog differs from the one before up:`);
        for (const d of down.differences) out.push(`    ${d.object}: ${d.change === "missing" ? `missing (was ${d.before})` : d.change === "extra" ? `left behind (${d.after})` : `${d.before} -> ${d.after}`}`);
      }
    }
  }
  if (result.compat) {
    out.push("");
    out.push(c.bold(`Catalog changes of the checked migrations (observed on PostgreSQL ${result.serverVersion}):`));
    if (result.compat.length === 0) out.push(c.dim("  none that old code can notice"));
    for (const change of result.compat) {
      const rules = change.staticRules.length > 0 ? c.dim(` (static: ${change.staticRules.join(", ")})`) : change.breaking ? c.yellow(" (no static finding)") : "";
      out.push(`  ${change.breaking ? c.red("breaking") : c.green("compatible")} ${change.detail}${rules}`);
    }
  }
  if (result.missingExtensions.length > 0) {
    out.push("");
    out.push(c.yellow(`Not verifiable here: ${result.summary.notVerifiable} statement(s) need ${result.missingExtensions.map((e) => `"${e}"`).join(", ")}, which ${result.engine === "pglite" ? "PGlite does not have: verify them on a server that has it with --database-url" : "the server does not have"}.`));
  }
  for (const p of run.problems) out.push(`${p.severity === "error" ? c.red("problem:") : c.yellow("warning:")} ${p.path}: ${p.message}`);
  for (const path of run.missingPaths) out.push(`${c.red("problem:")} ${path}: no such file or directory`);
  out.push("");
  if (result.failure) out.push(c.red(`Failed at ${result.failure.path}:${result.failure.line}:${result.failure.column}: ${result.failure.message}`));
  const s = result.summary;
  const parts = [
    `${s.migrations} migration(s)`,
    `${s.statements} statement(s) traced`,
    `${s.rewrites} rewrite(s)`,
    `${s.mismatches} static-observed mismatch(es)`,
    ...(s.notVerifiable > 0 ? [`${s.notVerifiable} not verifiable here`] : []),
    ...(s.downNotInverse > 0 ? [`${s.downNotInverse} down-not-inverse`] : []),
    ...(s.fromCache > 0 ? [`${s.fromCache} from the cache`] : []),
    `${(s.durationMs / 1000).toFixed(1)} s`,
  ];
  out.push((result.failure ? c.red : c.green)(`${result.failure ? "✖" : "✔"} ${parts.join(", ")}`));
  return `${out.join("\n")}\n`;
}

function worthShowing(s: StatementTrace): boolean {
  return s.error !== null || s.rewrote.length > 0 || s.notes.some((n) => n.id !== "locks-not-observable") || s.locks.some((l) => LOCK_MODES.indexOf(l.mode) >= SHOWN_FROM);
}

function statementLines(s: StatementTrace, c: ReturnType<typeof pc.createColors>, verbose: boolean): string[] {
  const locks = s.locks.filter((l) => verbose || LOCK_MODES.indexOf(l.mode) >= SHOWN_FROM).map((l) => `${l.mode} ${displayName(l.relation)}`);
  const held = (s.heldFromEarlier ?? []).filter((l) => LOCK_MODES.indexOf(l.mode) >= SHOWN_FROM).map((l) => `${l.mode} ${displayName(l.relation)}`);
  const head = `  ${c.dim(`${s.line}:${s.column}`.padEnd(8))} ${s.kind.replace(/Stmt$/, "").padEnd(14)}`;
  const lines: string[] = [];
  if (s.notVerifiable) lines.push(`${head} ${c.yellow("not verifiable here")}: needs "${s.notVerifiable.extension}" (${s.notVerifiable.advice})`);
  else if (s.error) lines.push(`${head} ${c.red("error")} at ${s.error.line}:${s.error.column}: ${s.error.message}`);
  else lines.push(`${head} ${locks.length > 0 ? locks.join(", ") : c.dim(s.transaction === "none" ? "locks not observable (outside a transaction)" : "no lock that blocks writes")}${s.rewrote.length > 0 ? c.red(` rewrote ${s.rewrote.map(displayName).join(", ")}`) : ""}${held.length > 0 ? c.dim(` (holding since earlier in the transaction: ${held.join(", ")})`) : ""} ${c.dim(`${s.durationMs} ms`)}`);
  for (const note of s.notes) if (note.id !== "locks-not-observable" || verbose) lines.push(`           ${note.id === "static-observed-mismatch" ? c.yellow(note.id) : c.dim(note.id)}: ${note.message}`);
  return lines;
}
