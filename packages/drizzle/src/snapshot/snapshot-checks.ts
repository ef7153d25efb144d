// The snapshot checks of a drizzle-kit folder, run by the engine beside the statement rules
// (LintOptions.setChecks): broken-snapshot-chain and snapshot-drift. A folder without snapshots costs
// nothing; with snapshots, only the checked migrations' snapshots (and the one before the first) are read.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BROKEN_SNAPSHOT_CHAIN, SNAPSHOT_DRIFT, type MigrationReplayed, type SetCheck, type SetCheckReport, type SetCheckRun } from "@rollsafe/core";
import { SourceText, type DrizzleJournal, type MigrationSet, type Range } from "@rollsafe/parser";
import { compareWithSnapshot, driftKey } from "./drift.js";
import { readSnapshotText, SnapshotError, type Snapshot } from "./read-snapshot.js";
import { touchedTables } from "./touched-tables.js";

export const snapshotChecks: SetCheck = {
  rules: [BROKEN_SNAPSHOT_CHAIN, SNAPSHOT_DRIFT],
  begin(set: MigrationSet): SetCheckRun | undefined {
    const journal = set.journal;
    if (!journal || !journal.metaFiles.some((f) => f.endsWith("_snapshot.json"))) return undefined;
    return new SnapshotRun(journal);
  },
};

/** drizzle-kit names a migration's snapshot after the tag's prefix: `0003_cool_name` -> `0003_snapshot.json`. */
export function snapshotFileName(tag: string): string {
  const underscore = tag.indexOf("_");
  return `${underscore < 0 ? tag : tag.slice(0, underscore)}_snapshot.json`;
}

type Read = { snapshot: Snapshot; text: string; path: string } | { error: SnapshotError; text: string; path: string } | undefined;

class SnapshotRun implements SetCheckRun {
  private readonly entryOf = new Map<string, number>();
  private readonly metaFiles: Set<string>;
  private readonly reads = new Map<number, Read>();
  /** The disagreements reported at the last checked snapshot: the same one is not repeated at every later migration. */
  private open = new Set<string>();

  constructor(private readonly journal: DrizzleJournal) {
    journal.entries.forEach((entry, i) => {
      if (entry.migrationPath !== undefined) this.entryOf.set(entry.migrationPath, i);
    });
    this.metaFiles = new Set(journal.metaFiles);
  }

  afterMigration(step: MigrationReplayed): SetCheckReport[] {
    const entry = this.entryOf.get(step.migration.path);
    if (!step.checked || entry === undefined) return [];
    const read = this.read(entry);
    if (!read) return [];
    if ("error" in read) return [this.unreadable(read)];
    return [...this.chain(entry, read), ...this.drift(step, read)];
  }

  private read(entry: number): Read {
    if (this.reads.has(entry)) return this.reads.get(entry);
    const file = snapshotFileName(this.journal.entries[entry]!.tag);
    let read: Read;
    if (this.metaFiles.has(file)) {
      // Shown as `meta/<file>` in messages; the finding's path is the full display path.
      const path = this.journal.path.replace(/_journal\.json$/, file);
      let text: string;
      try {
        text = readFileSync(join(this.journal.dir, "meta", file), "utf8");
      } catch (error) {
        text = "";
        read = { error: new SnapshotError(path, `cannot be read: ${(error as Error).message}`, undefined), text, path };
      }
      if (!read) {
        try {
          read = { snapshot: readSnapshotText(text, path), text, path };
        } catch (error) {
          if (!(error instanceof SnapshotError)) throw error;
          read = { error, text, path };
        }
      }
    }
    this.reads.set(entry, read);
    // Only the snapshot before the next one is needed again.
    this.reads.delete(entry - 2);
    return read;
  }

  private unreadable(read: { error: SnapshotError; text: string; path: string }): SetCheckReport {
    const offset = read.error.offset ?? 0;
    return { rule: BROKEN_SNAPSHOT_CHAIN, messageId: "unreadable", data: { snapshot: metaName(read.path), reason: read.error.reason }, path: read.path, range: new SourceText(read.text).range(offset, offset) };
  }

  /** The snapshot's prevId against the id of the previous entry's snapshot (when both exist). */
  private chain(entry: number, read: { snapshot: Snapshot; text: string; path: string }): SetCheckReport[] {
    if (entry === 0) return [];
    const previous = this.read(entry - 1);
    if (!previous || "error" in previous) return [];
    const { prevId } = read.snapshot;
    const previousId = previous.snapshot.id;
    if (prevId === undefined || previousId === undefined || prevId === previousId) return [];
    return [
      {
        rule: BROKEN_SNAPSHOT_CHAIN,
        data: { snapshot: metaName(read.path), prevId, previous: metaName(previous.path), previousId },
        path: read.path,
        range: valueRange(read.text, "prevId"),
      },
    ];
  }

  private drift(step: MigrationReplayed, read: { snapshot: Snapshot; path: string }): SetCheckReport[] {
    const drifts = compareWithSnapshot(step.model, read.snapshot.schema);
    const keys = new Set(drifts.map(driftKey));
    const fresh = drifts.filter((d) => !this.open.has(driftKey(d)));
    this.open = keys;
    if (fresh.length === 0) return [];
    return fresh.map((drift) => ({
      rule: SNAPSHOT_DRIFT,
      messageId: drift.kind,
      data: { ...drift.data, migration: step.migration.name, snapshot: metaName(read.path) },
      path: step.migration.path,
      range: placeOf(step, drift.table, drift.column) ?? step.source.range(0, 0),
    }));
  }
}

/**
 * The migration's last statement about the table (and naming the column, for a column's drift), so
 * that the finding points at the SQL that made the difference; undefined when the migration does not
 * touch the table (the drift comes from an earlier migration whose snapshot rollsafe did not see).
 */
function placeOf(step: MigrationReplayed, table: string, column: string | undefined): Range | undefined {
  let onTable: Range | undefined;
  let onColumn: Range | undefined;
  for (const statement of step.statements) {
    if (!touchedTables(statement).includes(table)) continue;
    onTable = statement.range;
    if (column !== undefined && mentions(statement.text, column)) onColumn = statement.range;
  }
  return onColumn ?? onTable;
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
