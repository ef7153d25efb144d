// `rollsafe lint --fix`: applies the meaning-preserving rewrites rules offer, file by file.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Finding, TextEdit } from "@rollsafe/core";
import type { MigrationSet } from "@rollsafe/parser";

export interface AppliedFix {
  path: string;
  line: number;
  ruleId: string;
  title: string;
}

export interface FixOutcome {
  applied: AppliedFix[];
  /** Fixes left out because they overlapped an earlier one in the same file (a second run applies them). */
  skipped: number;
}

const BOM = "\uFEFF";

/**
 * Applies every fix of an active (not overridden) finding. Edits are in the migration's text, which
 * is the file's text without a byte-order mark; a file that changed since it was read is left alone.
 */
export function applyFixes(findings: readonly Finding[], sets: readonly MigrationSet[], cwd: string): FixOutcome {
  const texts = new Map(sets.flatMap((s) => s.migrations.map((m) => [m.path, m.text] as const)));
  const byPath = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.fix || finding.overridden) continue;
    const list = byPath.get(finding.path) ?? [];
    list.push(finding);
    byPath.set(finding.path, list);
  }
  const outcome: FixOutcome = { applied: [], skipped: 0 };
  for (const [path, list] of byPath) {
    const original = texts.get(path);
    const file = resolve(cwd, path);
    const onDisk = readFileSync(file, "utf8");
    const hadBom = onDisk.startsWith(BOM);
    if (original === undefined || (hadBom ? onDisk.slice(1) : onDisk) !== original) continue;
    const { text, applied, skipped } = applyEdits(original, list);
    writeFileSync(file, hadBom ? BOM + text : text);
    outcome.applied.push(...applied.map((f) => ({ path, line: f.range.start.line, ruleId: f.ruleId, title: f.fix!.title })));
    outcome.skipped += skipped;
  }
  return outcome;
}

function applyEdits(text: string, findings: Finding[]): { text: string; applied: Finding[]; skipped: number } {
  // Take fixes in text order; drop one whose edits overlap an accepted one.
  const ordered = [...findings].sort((a, b) => firstStart(a) - firstStart(b));
  const accepted: Finding[] = [];
  const taken: TextEdit[] = [];
  let skipped = 0;
  for (const finding of ordered) {
    const edits = finding.fix!.edits;
    if (edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end) || (e.start === e.end && taken.some((t) => t.start === e.start)))) {
      skipped++;
      continue;
    }
    accepted.push(finding);
    taken.push(...edits);
  }
  let result = text;
  for (const edit of [...taken].sort((a, b) => b.start - a.start || b.end - a.end)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return { text: result, applied: accepted, skipped };
}

function firstStart(finding: Finding): number {
  return Math.min(...finding.fix!.edits.map((e) => e.start));
}
