// Checks over a whole migration set, beside the per-statement rules: they see each migration after it
// is replayed (drizzle-kit snapshots are compared with the model there). The engine owns severities,
// the checked/history split and the findings; a set check only says what it found and where.
import type { Migration, MigrationSet, Range, SourceText, Statement } from "@rollsafe/parser";
import type { SchemaModel } from "./model/schema-model.js";
import type { Rule } from "./rule.js";

export interface SetCheck {
  /** The rules it reports: the engine does not start it when every one of them is off. */
  rules: readonly Rule[];
  /** Called once per set; undefined when the set is none of its business (it must then cost nothing). */
  begin(set: MigrationSet, context: SetCheckContext): SetCheckRun | undefined;
}

export interface SetCheckContext {
  cwd: string;
  /** Per migration of the set (same order): whether it is checked, or only replayed as history. */
  checked: readonly boolean[];
}

/** One migration, just replayed. */
export interface MigrationReplayed {
  migration: Migration;
  /** Its index in the set. */
  index: number;
  statements: readonly Statement[];
  source: SourceText;
  /** The schema after the migration (do not modify it). */
  model: SchemaModel;
  /** False when the migration is history: nothing it reports would be shown, so it may skip the work. */
  checked: boolean;
}

export interface SetCheckRun {
  /**
   * Before the first migration is replayed: may add what the migrations' files do not show (a drizzle-kit
   * baseline whose SQL file is gone, known from its snapshot), as history.
   */
  seed?(model: SchemaModel): void;
  afterMigration(step: MigrationReplayed): SetCheckReport[];
}

/** A finding before the engine applies severities: a rule, a message and a place. */
export interface SetCheckReport {
  rule: Rule;
  messageId?: string;
  data?: Record<string, string>;
  path: string;
  range: Range;
}
