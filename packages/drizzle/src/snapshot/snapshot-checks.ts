// The snapshot checks of a drizzle-kit folder, run by the engine beside the statement rules
// (LintOptions.setChecks): broken-snapshot-chain and snapshot-drift; and the seed of the schema model from
// a baseline snapshot whose SQL file is gone. A folder without snapshots costs nothing. With snapshots:
// - the chain is checked from each snapshot's first kilobytes (id, prevId: snapshot-ids.ts);
// - drift: when the run checks only some migrations (a pull request's, a release's), the snapshot of each
//   checked migration is compared with the schema after it, so a drift shows where it starts; when it
//   checks the whole folder, only the latest snapshot is compared (the one the next drizzle-kit generate
//   diffs against), and each disagreement points at the last statement of the history about its table
//   (and column). Parsing every snapshot of a long history would cost more than linting it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BROKEN_SNAPSHOT_CHAIN, SNAPSHOT_DRIFT, type MigrationReplayed, type SchemaModel, type SetCheck, type SetCheckContext, type SetCheckReport, type SetCheckRun } from "@rollsafe/core";
import { SourceText, type DrizzleJournal, type Migration, type MigrationSet, type Range, type Statement } from "@rollsafe/parser";
import { compareWithSnapshot, driftKey, type Drift } from "./drift.js";
import { readSnapshotText, SnapshotError, type Snapshot } from "./read-snapshot.js";
import { definesColumn } from "./defines-column.js";
import { seedModel } from "./seed-model.js";
import { readSnapshotIds } from "./snapshot-ids.js";
import { touchedTables } from "./touched-tables.js";

export const snapshotChecks: SetCheck = {
  rules: [BROKEN_SNAPSHOT_CHAIN, SNAPSHOT_DRIFT],
  begin(set: MigrationSet, context: SetCheckContext): SetCheckRun | undefined {
    const journal = set.journal;
    if (!journal || !journal.metaFiles.some((f) => f.endsWith("_snapshot.json"))) return undefined;
    return new SnapshotRun(set, journal, context.checked);
  },
};

/** drizzle-kit names a migration's snapshot after the tag's prefix: `0003_cool_name` -> `0003_snapshot.json`. */
export function snapshotFileName(tag: string): string {
  const underscore = tag.indexOf("_");
  return `${underscore < 0 ? tag : tag.slice(0, underscore)}_snapshot.json`;
}

type Ids = { id: string | undefined; prevId: string | undefined; path: string } | { error: SnapshotError; text: string; path: string } | undefined;

/** A statement of the history and the migration it is in. */
interface Touch {
  migration: Migration;
  statement: Statement;
  source: SourceText;
}

class SnapshotRun implements SetCheckRun {
  private readonly entryOf = new Map<string, number>();
  private readonly metaFiles: Set<string>;
  private readonly ids = new Map<number, Ids>();
  /** Whole-folder run: compare only the latest snapshot (the last journal entry that has one). */
  private readonly latestOnly: number | undefined;
  /** Per table, the statements about it so far (whole-folder runs: where a drift found at the end points). */
  private readonly touches = new Map<string, Touch[]>();
  /** The disagreements found at the previous compared snapshot: one that goes on is not repeated. */
  private open = new Set<string>();

  constructor(
    set: MigrationSet,
    private readonly journal: DrizzleJournal,
    checked: readonly boolean[],
  ) {
    journal.entries.forEach((entry, i) => {
      if (entry.migrationPath !== undefined) this.entryOf.set(entry.migrationPath, i);
    });
    this.metaFiles = new Set(journal.metaFiles);
    if (checked.length > 0 && checked.every(Boolean)) {
      let latest: number | undefined;
      set.migrations.forEach((m) => {
        const entry = this.entryOf.get(m.path);
        if (entry !== undefined && this.hasSnapshot(entry) && (latest === undefined || entry > latest)) latest = entry;
      });
      this.latestOnly = latest ?? -1;
    }
  }

  /**
   * A baseline: journal entries before the first migration that has a file, whose files are gone but whose
   * snapshots are there (the latest of them describes the schema the first migration starts from).
   */
  seed(model: SchemaModel): void {
    let baseline: number | undefined;
    for (let i = 0; i < this.journal.entries.length && this.journal.entries[i]!.migrationPath === undefined; i++) if (this.hasSnapshot(i)) baseline = i;
    if (baseline === undefined) return;
    const { file, shown } = this.snapshotPath(baseline);
    try {
      seedModel(model, readSnapshotText(readFileSync(file, "utf8"), shown).schema);
    } catch (error) {
      // An unreadable baseline: the model starts empty (and missing-migration-file reports the entry).
      if (!(error instanceof SnapshotError)) throw error;
    }
  }

  afterMigration(step: MigrationReplayed): SetCheckReport[] {
    if (this.latestOnly !== undefined) this.remember(step);
    const entry = this.entryOf.get(step.migration.path);
    if (!step.checked || entry === undefined || !this.hasSnapshot(entry)) return [];
    const reports = this.chain(entry);
    const compare = this.latestOnly === undefined || entry === this.latestOnly;
    if (compare && !reports.some((r) => r.messageId === "unreadable")) reports.push(...this.drift(step, entry));
    return reports;
  }

  private hasSnapshot(entry: number): boolean {
    return this.metaFiles.has(snapshotFileName(this.journal.entries[entry]!.tag));
  }

  private snapshotPath(entry: number): { file: string; shown: string } {
    const name = snapshotFileName(this.journal.entries[entry]!.tag);
    // Shown as `meta/<file>` in messages; the finding's path is the full display path.
    return { file: join(this.journal.dir, "meta", name), shown: this.journal.path.replace(/_journal\.json$/, name) };
  }

  /** id and prevId from the file's start; the whole file is parsed only when they are not there. */
  private readIds(entry: number): Ids {
    if (this.ids.has(entry)) return this.ids.get(entry);
    let ids: Ids;
    if (this.hasSnapshot(entry)) {
      const { file, shown } = this.snapshotPath(entry);
      try {
        ids = { ...(readSnapshotIds(file) ?? parseIds(readFileSync(file, "utf8"), shown)), path: shown };
      } catch (error) {
        ids = unreadable(error, shown, file);
      }
    }
    this.ids.set(entry, ids);
    this.ids.delete(entry - 2);
    return ids;
  }

  /** The snapshot's prevId against the id of the previous entry's snapshot (when both exist); or why it cannot be read. */
  private chain(entry: number): SetCheckReport[] {
    const ids = this.readIds(entry);
    if (!ids) return [];
    if ("error" in ids) return [unreadableReport(ids)];
    const previous = entry > 0 ? this.readIds(entry - 1) : undefined;
    if (!previous || "error" in previous) return [];
    if (ids.prevId === undefined || previous.id === undefined || ids.prevId === previous.id) return [];
    return [
      {
        rule: BROKEN_SNAPSHOT_CHAIN,
        data: { snapshot: metaName(ids.path), prevId: ids.prevId, previous: metaName(previous.path), previousId: previous.id },
        path: ids.path,
        range: valueRange(readFileSync(this.snapshotPath(entry).file, "utf8"), "prevId"),
      },
    ];
  }

  private drift(step: MigrationReplayed, entry: number): SetCheckReport[] {
    const { file, shown } = this.snapshotPath(entry);
    let text = "";
    let snapshot: Snapshot;
    try {
      text = readFileSync(file, "utf8");
      snapshot = readSnapshotText(text, shown);
    } catch (error) {
      const bad = unreadable(error, shown, file);
      return bad ? [unreadableReport({ ...bad, text })] : [];
    }
    const drifts = compareWithSnapshot(step.model, snapshot.schema);
    const fresh = drifts.filter((d) => !this.open.has(driftKey(d)));
    this.open = new Set(drifts.map(driftKey));
    return fresh.map((drift) => {
      const place = this.latestOnly === undefined ? placeIn(step, drift) : this.placeInHistory(drift);
      return {
        rule: SNAPSHOT_DRIFT,
        messageId: drift.kind,
        data: { ...drift.data, migration: step.migration.name, snapshot: metaName(shown) },
        path: place?.path ?? step.migration.path,
        range: place?.range ?? step.source.range(0, 0),
      };
    });
  }

  private remember(step: MigrationReplayed): void {
    for (const statement of step.statements) {
      for (const table of touchedTables(statement)) {
        let list = this.touches.get(table);
        if (!list) this.touches.set(table, (list = []));
        list.push({ migration: step.migration, statement, source: step.source });
      }
    }
  }

  /** The last statement of the history about the drift's table (naming its column, for a column). */
  private placeInHistory(drift: Drift): { path: string; range: Range } | undefined {
    const touches = this.touches.get(drift.table) ?? [];
    const column = drift.column;
    const pick = (column === undefined ? undefined : (findLast(touches, (t) => definesColumn(t.statement, column)) ?? findLast(touches, (t) => mentions(t.statement.text, column)))) ?? touches.at(-1);
    return pick ? { path: pick.migration.path, range: pick.statement.range } : undefined;
  }
}

function parseIds(text: string, shown: string): { id: string | undefined; prevId: string | undefined } {
  const snapshot = readSnapshotText(text, shown);
  return { id: snapshot.id, prevId: snapshot.prevId };
}

function unreadable(error: unknown, shown: string, file: string): { error: SnapshotError; text: string; path: string } {
  if (error instanceof SnapshotError) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      // The error already says it cannot be read.
    }
    return { error, text, path: shown };
  }
  return { error: new SnapshotError(shown, `cannot be read: ${(error as Error).message}`, undefined), text: "", path: shown };
}

function unreadableReport(read: { error: SnapshotError; text: string; path: string }): SetCheckReport {
  const offset = read.error.offset ?? 0;
  return { rule: BROKEN_SNAPSHOT_CHAIN, messageId: "unreadable", data: { snapshot: metaName(read.path), reason: read.error.reason }, path: read.path, range: new SourceText(read.text).range(offset, offset) };
}

/** The migration's last statement about the table (naming the column, for a column's drift). */
function placeIn(step: MigrationReplayed, drift: Drift): { path: string; range: Range } | undefined {
  const about = step.statements.filter((s) => touchedTables(s).includes(drift.table));
  const column = drift.column;
  const pick = (column === undefined ? undefined : (findLast(about, (s) => definesColumn(s, column)) ?? findLast(about, (s) => mentions(s.text, column)))) ?? about.at(-1);
  return pick ? { path: step.migration.path, range: pick.range } : undefined;
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return items[i];
  return undefined;
}

function mentions(sql: string, identifier: string): boolean {
  return sql.includes(`"${identifier}"`) || new RegExp(`\\b${identifier.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(sql);
}

/** `drizzle/meta/0003_snapshot.json` -> `meta/0003_snapshot.json`: how messages name a snapshot. */
function metaName(path: string): string {
  const file = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  return `meta/${file}`;
}

/** The range of a top-level `"key": "value"` string value in a snapshot's text (its first line when not found). */
function valueRange(text: string, key: string): Range {
  const source = new SourceText(text);
  const match = new RegExp(`"${key}"\\s*:\\s*("[^"]*")`).exec(text);
  if (!match) return source.range(0, 0);
  const start = match.index + match[0].length - match[1]!.length;
  return source.range(start, start + match[1]!.length);
}
