// The engine's state after a prefix of the migrations, saved under `.rollsafe/cache/` (docs/verify.md,
// "Cache"): a pull request that adds a few migrations restores the state after the ones before them
// (~1-2 s) instead of replaying everything. Each prefix has its own key: a hash chained over the
// migrations' paths and texts, seeded with the engine's version and the extensions it was given, so a
// changed file, a different PGlite or another extension never restores a wrong state.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Migration } from "@rollsafe/parser";
import type { MigrationTrace, StatementTrace } from "../types.js";

/** How many saved states are kept (the newest); each is a few MB of gzipped data directory. */
const KEEP = 4;

/** What is saved beside a state: enough to report the cached migrations as if they had run again. */
export interface CachedRun {
  /** How many migrations of the set the state includes. */
  count: number;
  migrations: MigrationTrace[];
  statements: StatementTrace[];
  missingExtensions: string[];
}

export interface CacheHit {
  key: string;
  dataDir: Blob;
  run: CachedRun;
}

/**
 * States are saved as gzipped tars, compressed and uncompressed by Node's zlib: PGlite's own gzip path
 * takes about twice as long to restore, and an uncompressed state is ~10 times larger (66 MB for lobe-chat).
 */
function gzip(tar: Uint8Array): Buffer {
  return gzipSync(tar, { level: 1 });
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
    return { data: join(this.dir, `verify-${key.slice(0, 32)}.tar.gz`), meta: join(this.dir, `verify-${key.slice(0, 32)}.json`) };
  }

  /** The longest prefix (up to `limit` migrations) with a saved state. */
  find(keys: readonly string[], limit = keys.length): CacheHit | undefined {
    for (let i = Math.min(limit, keys.length) - 1; i >= 0; i--) {
      const key = keys[i]!;
      const files = this.files(key);
      try {
        const run = JSON.parse(readFileSync(files.meta, "utf8")) as CachedRun;
        if (run.count !== i + 1) continue;
        return { key, dataDir: new Blob([gunzipSync(readFileSync(files.data))]), run };
      } catch {
        // no state for this prefix (or an unreadable one): try a shorter prefix
      }
    }
    return undefined;
  }

  /** Set once a write fails (a read-only checkout, a full disk): the run goes on without saving. */
  private writeFailed = false;

  /** Saves a state; written to temporary names first so a reader never sees half a file. */
  save(key: string, dataDir: Uint8Array, run: CachedRun): void {
    this.write(() => this.saveState(key, dataDir, run));
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

  private saveState(key: string, dataDir: Uint8Array, run: CachedRun): void {
    const files = this.files(key);
    const suffix = `.${process.pid}.tmp`;
    writeFileSync(files.data + suffix, gzip(dataDir));
    writeFileSync(files.meta + suffix, JSON.stringify(run));
    renameSync(files.data + suffix, files.data);
    renameSync(files.meta + suffix, files.meta);
    this.prune();
  }

  /** Base images: an empty cluster per engine version, which restores faster than initdb runs. */
  readBase(seed: string): Blob | undefined {
    try {
      return new Blob([gunzipSync(readFileSync(this.basePath(seed)))]);
    } catch {
      return undefined;
    }
  }

  saveBase(seed: string, dataDir: Uint8Array): void {
    this.write(() => {
      const path = this.basePath(seed);
      writeFileSync(`${path}.${process.pid}.tmp`, gzip(dataDir));
      renameSync(`${path}.${process.pid}.tmp`, path);
    });
  }

  private basePath(seed: string): string {
    return join(this.dir, `pglite-base-${createHash("sha256").update(seed).digest("hex").slice(0, 32)}.tar.gz`);
  }

  private prune(): void {
    let states: { name: string; time: number }[];
    try {
      states = readdirSync(this.dir)
        .filter((n) => /^verify-[0-9a-f]+\.tar\.gz$/.test(n))
        .map((name) => ({ name, time: statSync(join(this.dir, name)).mtimeMs }))
        .sort((a, b) => b.time - a.time);
    } catch {
      return;
    }
    for (const old of states.slice(KEEP)) {
      rmSync(join(this.dir, old.name), { force: true });
      rmSync(join(this.dir, old.name.replace(/\.tar\.gz$/, ".json")), { force: true });
    }
  }
}
