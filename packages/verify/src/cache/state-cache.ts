// The engine's state after a prefix of the migrations, saved under `.rollsafe/cache/` (docs/verify.md,
// "Cache"): a pull request that adds a few migrations restores the state after the ones before them
// instead of replaying everything. Each prefix has its own key: a hash chained over the
// migrations' paths and texts, seeded with the engine's version, the folder layout and the transaction
// mode, so a changed file or a different PGlite never restores a wrong state. (The extensions a state
// holds follow from the texts; the ones a later migration adds are loaded by the run that restores it.)
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzip, gzipSync } from "node:zlib";
import type { Migration } from "@rollsafe/parser";
import type { SavedModel } from "@rollsafe/core";
import type { SavedCatalog } from "../catalog/saved-catalog.js";
import type { MigrationTrace, StatementTrace } from "../types.js";
import { decodeImage, encodeImage, type ImageEntry } from "./data-dir-image.js";

const gunzipAsync = promisify(gunzip);

/** How many saved states are kept (the newest); each is a few MB of gzipped data directory. */
const KEEP = 4;

/** What is saved beside a state: enough to report the cached migrations as if they had run again. */
export interface CachedRun {
  /** How many migrations of the set the state includes. */
  count: number;
  migrations: MigrationTrace[];
  statements: StatementTrace[];
  missingExtensions: string[];
  /** The catalog in this state, saved with the history of a checked set (`--changed-since`): not read again. */
  catalog?: SavedCatalog;
  /** The static schema model replayed through these migrations, and the extensions they create: with both, a restore parses none of them. */
  model?: SavedModel;
  extensions?: string[];
}

export interface CacheHit {
  key: string;
  run: CachedRun;
  /** The data directory, gunzipping on another thread; rejects when the file cannot be read. */
  image: Promise<ImageEntry[]>;
}

/**
 * States are data directory images (data-dir-image.ts), gzipped at level 1 by Node's zlib: an
 * uncompressed one is several times larger on disk, and a higher level saves little and costs more to write.
 */
function gzip(image: Buffer): Buffer {
  return gzipSync(image, { level: 1 });
}

/**
 * The gzip trailer holds the uncompressed size (mod 2^32): one output chunk, so zlib need not
 * concatenate (and copy) the tens of MB a state holds.
 */
function oneChunk(file: Buffer): { chunkSize: number } {
  const size = file.length >= 4 ? file.readUInt32LE(file.length - 4) : 0;
  return { chunkSize: Math.max(64 * 1024, size + 1) };
}

/**
 * An image from the cache, gunzipped on one of libuv's threads: the caller goes on meanwhile (read at
 * once, as the callback of an asynchronous read would wait for the caller to yield).
 */
function readImage(path: string): Promise<ImageEntry[]> {
  // Read here, so that a missing file throws to the caller at once.
  const file = readFileSync(path);
  return gunzipAsync(file, oneChunk(file)).then(decodeImage);
}

/** Chained keys: keys[i] identifies the state after migrations[0..i]. */
export function prefixKeys(seed: string, migrations: readonly Migration[]): string[] {
  const keys: string[] = [];
  let previous = createHash("sha256").update(seed).digest("hex");
  for (const m of migrations) {
    const hash = createHash("sha256").update(previous).update("\0").update(m.path).update("\0").update(m.text);
    if (m.down) hash.update("\0down\0").update(m.down.text);
    if (m.transaction) hash.update("\0").update(m.transaction);
    previous = hash.digest("hex");
    keys.push(previous);
  }
  return keys;
}

export class StateCache {
  constructor(readonly dir: string) {}

  private files(key: string) {
    return { data: join(this.dir, `verify-${key.slice(0, 32)}.img.gz`), meta: join(this.dir, `verify-${key.slice(0, 32)}.json`) };
  }

  /**
   * The longest prefix (up to `limit` migrations) with a saved state. Its description is read at once;
   * its data directory is read and gunzipped meanwhile (`image`).
   */
  find(keys: readonly string[], limit = keys.length): CacheHit | undefined {
    for (let i = Math.min(limit, keys.length) - 1; i >= 0; i--) {
      const key = keys[i]!;
      const files = this.files(key);
      try {
        const run = JSON.parse(readFileSync(files.meta, "utf8")) as CachedRun;
        if (run.count !== i + 1) continue;
        const image = readImage(files.data);
        // Observed here so that a failure is not reported as unhandled before the caller awaits it.
        image.catch(() => undefined);
        return { key, run, image };
      } catch {
        // no state for this prefix (or an unreadable one): try a shorter prefix
      }
    }
    return undefined;
  }

  /** Set once a write fails (a read-only checkout, a full disk): the run goes on without saving. */
  private writeFailed = false;

  /** Saves a state; written to temporary names first so a reader never sees half a file. */
  save(key: string, image: readonly ImageEntry[], run: CachedRun): void {
    this.write(() => this.saveState(key, image, run));
  }

  private write(action: () => void): void {
    if (this.writeFailed) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      // Never part of a repository: the folder ignores itself.
      writeFileSync(join(this.dir, ".gitignore"), "*\n");
      action();
    } catch {
      this.writeFailed = true;
    }
  }

  private saveState(key: string, image: readonly ImageEntry[], run: CachedRun): void {
    const files = this.files(key);
    const suffix = `.${process.pid}.tmp`;
    writeFileSync(files.data + suffix, gzip(encodeImage(image)));
    writeFileSync(files.meta + suffix, JSON.stringify(run));
    renameSync(files.data + suffix, files.data);
    renameSync(files.meta + suffix, files.meta);
    this.prune();
  }

  /** Base images: an empty cluster per engine version, which restores faster than initdb runs. */
  async readBase(seed: string): Promise<ImageEntry[] | undefined> {
    try {
      return await readImage(this.basePath(seed));
    } catch {
      return undefined;
    }
  }

  saveBase(seed: string, image: readonly ImageEntry[]): void {
    this.write(() => {
      const path = this.basePath(seed);
      writeFileSync(`${path}.${process.pid}.tmp`, gzip(encodeImage(image)));
      renameSync(`${path}.${process.pid}.tmp`, path);
    });
  }

  private basePath(seed: string): string {
    return join(this.dir, `pglite-base-${createHash("sha256").update(seed).digest("hex").slice(0, 32)}.img.gz`);
  }

  private prune(): void {
    let states: { name: string; time: number }[];
    try {
      states = readdirSync(this.dir)
        .filter((n) => /^verify-[0-9a-f]+\.img\.gz$/.test(n))
        .map((name) => ({ name, time: statSync(join(this.dir, name)).mtimeMs }))
        .sort((a, b) => b.time - a.time);
    } catch {
      return;
    }
    for (const old of states.slice(KEEP)) {
      rmSync(join(this.dir, old.name), { force: true });
      rmSync(join(this.dir, old.name.replace(/\.img\.gz$/, ".json")), { force: true });
    }
  }
}
