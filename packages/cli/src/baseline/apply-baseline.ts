// Matching findings against a baseline: what it records, which findings it covers, which entries are stale.
import { dirname, relative, resolve, sep } from "node:path";
import type { Finding } from "@rollsafe/core";
import type { MigrationSet } from "@rollsafe/parser";
import type { BaselineEntry } from "./baseline-file.js";
import { statementFingerprint } from "./fingerprint.js";

/** What a baseline records: the findings that would fail or warn (overridden ones and notes never do). */
function counts(finding: Finding): boolean {
  return !finding.overridden && finding.severity !== "note";
}

interface Inputs {
  findings: readonly Finding[];
  sets: readonly MigrationSet[];
  cwd: string;
  /** The baseline file: entry paths are relative to its folder. */
  file: string;
}

export function baselineEntries({ findings, sets, cwd, file }: Inputs): BaselineEntry[] {
  const key = keyer(sets, cwd, file);
  return findings.filter(counts).map((f) => key(f));
}

/**
 * Marks the findings the baseline lists as `baselined` (each entry covers one finding) and returns how
 * many entries matched nothing. Only entries of files this run checked can be stale: a run over part
 * of the repository (or `--changed-since`) says nothing about the others.
 */
export function applyBaseline(entries: readonly BaselineEntry[], inputs: Inputs & { checkedPaths: readonly string[] }): { stale: number } {
  const key = keyer(inputs.sets, inputs.cwd, inputs.file);
  const remaining = new Map<string, number>();
  const id = (e: BaselineEntry) => `${e.path}\0${e.ruleId}\0${e.fingerprint}`;
  for (const entry of entries) remaining.set(id(entry), (remaining.get(id(entry)) ?? 0) + 1);
  for (const finding of inputs.findings) {
    if (!counts(finding)) continue;
    const k = id(key(finding));
    const left = remaining.get(k) ?? 0;
    if (left > 0) {
      finding.baselined = true;
      remaining.set(k, left - 1);
    }
  }
  const checked = new Set(inputs.checkedPaths.map((p) => relativeTo(inputs.file, inputs.cwd, p)));
  let stale = 0;
  for (const entry of entries) {
    const k = id(entry);
    const left = remaining.get(k) ?? 0;
    if (left > 0 && checked.has(entry.path)) {
      stale++;
      remaining.set(k, left - 1);
    }
  }
  return { stale };
}

function keyer(sets: readonly MigrationSet[], cwd: string, file: string): (f: Finding) => BaselineEntry {
  const texts = new Map(sets.flatMap((s) => s.migrations.map((m) => [m.path, m.text] as const)));
  return (f) => ({ path: relativeTo(file, cwd, f.path), ruleId: f.ruleId, fingerprint: statementFingerprint(f, texts.get(f.path) ?? "") });
}

/** A path as the run shows it, made relative to the baseline file's folder (forward slashes). */
function relativeTo(file: string, cwd: string, path: string): string {
  return relative(dirname(resolve(cwd, file)), resolve(cwd, path)).split(sep).join("/");
}
