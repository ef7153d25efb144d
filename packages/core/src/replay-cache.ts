// The schema before any migration of a folder, replayed once and kept: an editor re-lints the
// migration being written many times a minute, and replaying hundreds of earlier migrations each
// time would cost far more than the lint itself. Keyed by the migrations' texts, so a change
// anywhere before a migration is noticed, whatever told the caller to re-read the folder.
import { parseSqlText } from "@rollsafe/parser";
import { replayStatement } from "./model/replay.js";
import { SchemaModel } from "./model/schema-model.js";

/** A model is kept after every this many migrations, so a change replays at most this many. */
const CHECKPOINT_EVERY = 64;
/** Models kept for the last positions asked for (the files open in the editor). */
const RECENT_POSITIONS = 8;

export class ReplayCache {
  /** The text of each migration replayed so far, by position: what the kept models were built from. */
  private readonly texts: string[] = [];
  /** Position k -> the schema after migrations 0 .. k-1, replayed as history. */
  private readonly models = new Map<number, SchemaModel>([[0, new SchemaModel()]]);
  private recent: number[] = [];
  private replayedCount = 0;

  /**
   * The schema before `migrations[index]`: the earlier migrations replayed in order as history
   * (objects they created count as existing). Returns a copy the caller may replay into.
   */
  modelBefore(migrations: readonly { text: string }[], index: number): SchemaModel {
    this.forgetChangedFrom(migrations, index);
    let start = 0;
    for (const k of this.models.keys()) if (k <= index && k > start) start = k;
    let model = start === index ? this.models.get(start)! : this.models.get(start)!.clone();
    for (let i = start; i < index; i++) {
      const text = migrations[i]!.text;
      for (const statement of parseSqlText(text).statements) replayStatement(model, statement, "history");
      this.texts[i] = text;
      this.replayedCount++;
      if ((i + 1) % CHECKPOINT_EVERY === 0 && i + 1 < index) {
        this.models.set(i + 1, model);
        model = model.clone();
      }
    }
    this.keep(index, model);
    return model.clone();
  }

  /** How many migrations have been replayed since the cache was made (for tests and benchmarks). */
  get replayed(): number {
    return this.replayedCount;
  }

  /** Drops every model built from a migration whose text is no longer the one replayed. */
  private forgetChangedFrom(migrations: readonly { text: string }[], index: number): void {
    const known = Math.min(index, this.texts.length);
    let changed = known;
    for (let i = 0; i < known; i++) {
      if (this.texts[i] !== migrations[i]!.text) {
        changed = i;
        break;
      }
    }
    if (changed === known) return;
    this.texts.length = changed;
    for (const k of [...this.models.keys()]) if (k > changed) this.models.delete(k);
    this.recent = this.recent.filter((k) => k <= changed);
  }

  private keep(index: number, model: SchemaModel): void {
    this.models.set(index, model);
    if (index % CHECKPOINT_EVERY === 0) return;
    this.recent = [...this.recent.filter((k) => k !== index), index];
    while (this.recent.length > RECENT_POSITIONS) this.models.delete(this.recent.shift()!);
  }
}
