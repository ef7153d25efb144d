// The drizzle-kit journal's integrity (docs/rules/missing-migration-file.md, unlisted-migration.md,
// journal-order.md), from the facts the folder reader collected: no file is read here.
import { SourceText, type MigrationSet, type TextSpan } from "@rollsafe/parser";
import { JOURNAL_ORDER, MISSING_MIGRATION_FILE, UNLISTED_MIGRATION } from "./builtin-checks.js";
import type { SetCheckReport } from "./set-check.js";

/** A report and the migration it is about (its index in the set); undefined: the folder as a whole. */
export interface JournalReport {
  report: SetCheckReport;
  migration: number | undefined;
}

export function journalReports(set: MigrationSet): JournalReport[] {
  const journal = set.journal;
  if (!journal) return [];
  const indexOf = new Map(set.migrations.map((m, i) => [m.path, i]));
  const source = new SourceText(journal.text);
  const at = (span: TextSpan | undefined) => (span ? source.range(span.start, span.end) : source.range(0, 0));
  const reports: JournalReport[] = [];
  journal.entries.forEach((entry, i) => {
    if (entry.migrationPath === undefined) {
      reports.push({ migration: undefined, report: { rule: MISSING_MIGRATION_FILE, data: { tag: entry.tag, file: `${entry.tag}.sql` }, path: journal.path, range: at(entry.spans.tag) } });
    }
    const previous = journal.entries[i - 1];
    if (!previous) return;
    const migration = entry.migrationPath === undefined ? undefined : indexOf.get(entry.migrationPath);
    const data = { tag: entry.tag, previous: previous.tag };
    if (entry.when !== undefined && previous.when !== undefined && entry.when <= previous.when) {
      reports.push({ migration, report: { rule: JOURNAL_ORDER, messageId: "when", data: { ...data, when: String(entry.when), previousWhen: String(previous.when) }, path: journal.path, range: at(entry.spans.when) } });
    }
    if (entry.idx !== undefined && previous.idx !== undefined && entry.idx <= previous.idx) {
      reports.push({ migration, report: { rule: JOURNAL_ORDER, messageId: "idx", data: { ...data, idx: String(entry.idx), previousIdx: String(previous.idx) }, path: journal.path, range: at(entry.spans.idx) } });
    }
  });
  for (const path of journal.unlisted) {
    const index = indexOf.get(path);
    const text = index === undefined ? "" : set.migrations[index]!.text;
    const firstLine = new SourceText(text).range(0, /\r|\n/.exec(text)?.index ?? text.length);
    reports.push({ migration: index, report: { rule: UNLISTED_MIGRATION, data: { file: fileName(path) }, path, range: firstLine } });
  }
  return reports;
}

function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}
