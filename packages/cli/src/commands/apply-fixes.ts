// `rollsafe lint --fix`: applies the meaning-preserving rewrites rules offer, file by file.
import { chmodSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { Finding, TextEdit } from "@rollsafe/core";
import type { MigrationSet } from "@rollsafe/parser";

export interface AppliedFix {
  path: string;
  line: number;
  ruleId: string;
  title: string;
}

/** A file whose fixes were not written, and why (one line for the user, no stack trace). */
export interface UnwrittenFix {
  path: string;
  reason: string;
}

export interface FixOutcome {
  applied: AppliedFix[];
  /** Fixes left out because they overlapped an earlier one in the same file (a second run applies them). */
  skipped: number;
  /** Files left as they were: a symbolic link out of the working directory, or a write that failed. */
  unwritten: UnwrittenFix[];
}

const BOM = "\uFEFF";

/**
 * Applies every fix of an active (not overridden) finding. Edits are in the migration's text, which
 * is the file's text without a byte-order mark; a file that changed since it was read is left alone.
 * A file is replaced whole (temporary file + rename), so a full disk never leaves half a migration.
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
  const outcome: FixOutcome = { applied: [], skipped: 0, unwritten: [] };
  const root = realpathSync(cwd);
  for (const [path, list] of byPath) {
    const original = texts.get(path);
    if (original === undefined) continue;
    try {
      const file = realpathSync(resolve(cwd, path));
      const inside = relative(root, file);
      if (inside.startsWith("..") || isAbsolute(inside)) {
        outcome.unwritten.push({ path, reason: `a symbolic link to ${file}, outside ${root}: --fix writes only inside the working directory` });
        continue;
      }
      const onDisk = readFileSync(file, "utf8");
      const hadBom = onDisk.startsWith(BOM);
      if ((hadBom ? onDisk.slice(1) : onDisk) !== original) continue;
      const { text, applied, skipped } = applyEdits(original, list, original.includes("\r\n") ? "\r\n" : "\n");
      replaceFile(file, hadBom ? BOM + text : text);
      outcome.applied.push(...applied.map((f) => ({ path, line: f.range.start.line, ruleId: f.ruleId, title: f.fix!.title })));
      outcome.skipped += skipped;
    } catch (error) {
      outcome.unwritten.push({ path, reason: describeFsError(error) });
    }
  }
  return outcome;
}

/** Writes a sibling temporary file with the same mode, then renames it over the file. */
function replaceFile(file: string, text: string): void {
  const temporary = join(dirname(file), `.${process.pid}.rollsafe-fix.tmp`);
  try {
    writeFileSync(temporary, text, { flag: "wx" });
    chmodSync(temporary, statSync(file).mode & 0o7777);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const what: Record<string, string> = { EACCES: "permission denied", EPERM: "operation not permitted", ENOENT: "no such file or directory", ENOSPC: "no space left on the device", EROFS: "read-only file system", EEXIST: "a temporary file of another run is in the way" };
  return `not written (${e.code ?? "error"}: ${(e.code && what[e.code]) ?? e.message}); the file is unchanged`;
}

/** `eol`: the file's line break, so a CRLF file gets CRLF in what the fixes insert. */
function applyEdits(text: string, findings: Finding[], eol: string): { text: string; applied: Finding[]; skipped: number } {
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
    result = result.slice(0, edit.start) + (eol === "\n" ? edit.text : edit.text.replace(/\r?\n/g, eol)) + result.slice(edit.end);
  }
  return { text: result, applied: accepted, skipped };
}

function firstStart(finding: Finding): number {
  return Math.min(...finding.fix!.edits.map((e) => e.start));
}
