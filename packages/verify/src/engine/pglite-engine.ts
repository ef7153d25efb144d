// PGlite: PostgreSQL compiled to WebAssembly, running inside this process. Nothing outside the
// process is touched; the data directory lives in memory.
import type { PGlite } from "@electric-sql/pglite";
import { isPackageMissing, missingPackage } from "@rollsafe/core";
import type { ImageEntry } from "../cache/data-dir-image.js";
import { shortVersion, toServerError, type Engine } from "./engine.js";
import { loadPgliteExtensions } from "./extensions.js";
import { captureDataDir, imageFileSystem } from "./image-fs.js";

export interface PgliteEngine extends Engine {
  readonly kind: "pglite";
  /** The data directory as it is now, for the cache (after a checkpoint, so a restore replays next to no WAL). */
  capture(): Promise<ImageEntry[]>;
}

export interface PgliteOptions {
  /** Extensions the migrations create (the ones PGlite has are loaded). */
  extensions?: Iterable<string>;
  /** A data directory saved by `capture()`: starting from it is much faster than a fresh initdb. */
  image?: readonly ImageEntry[];
}

/** WAL segment files (24 hex digits), which a capture keeps only up to the current one. */
const WAL_SEGMENT = /^\/pg_wal\/([0-9A-F]{24})$/;

/** The version of the @electric-sql/pglite package in use (part of every cache key). */
export async function pgliteVersion(): Promise<string> {
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const { readFileSync } = await import("node:fs");
  const { dirname, join } = await import("node:path");
  // The package's exports do not include package.json: find it beside the resolved entry point.
  let dir: string;
  try {
    dir = dirname(require.resolve("@electric-sql/pglite"));
  } catch (error) {
    throw isPackageMissing(error, "@electric-sql/pglite") ? missingPglite() : error;
  }
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "@electric-sql/pglite" && pkg.version) return pkg.version;
    } catch {
      // not here: one level up
    }
    dir = dirname(dir);
  }
  return "unknown";
}

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteEngine> {
  const { PGlite, MemoryFS } = await import("@electric-sql/pglite").catch((error: unknown) => {
    throw isPackageMissing(error, "@electric-sql/pglite") ? missingPglite() : error;
  });
  const extensions = await loadPgliteExtensions(options.extensions ?? []);
  const db: PGlite = await PGlite.create({
    extensions,
    // A verify run never needs its writes to survive a crash: the data directory is in memory.
    relaxedDurability: true,
    fs: imageFileSystem(MemoryFS, options.image),
    // PostgreSQL zeroes its buffer pool at start: 128 MB (the default) costs ~90 ms in WebAssembly, and the
    // catalogs of a migration history fit in far less (the data directory is in memory anyway).
    startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"],
  });
  const [row] = (await db.query<{ server_version: string; server_version_num: string }>("SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS server_version_num")).rows;
  let closed = false;
  return {
    kind: "pglite",
    serverVersion: shortVersion(row?.server_version ?? ""),
    versionNum: Number(row?.server_version_num ?? 0),
    async exec(sql) {
      try {
        await db.exec(sql);
      } catch (error) {
        throw toServerError(error);
      }
    },
    async query<Row>(sql: string) {
      return (await db.query<Row>(sql)).rows;
    },
    async batch<Row>(sql: string) {
      try {
        return (await db.exec(sql)).map((r) => r.rows as Row[]);
      } catch (error) {
        throw toServerError(error);
      }
    },
    async capture() {
      // A new WAL segment, then a checkpoint in it: the restored server starts from that checkpoint (the
      // WAL before it is not needed), and the segments after the current one are recycled old ones.
      await db.exec("SELECT pg_switch_wal(); CHECKPOINT;");
      const [wal] = (await db.query<{ redo: string; current: string }>("SELECT redo_wal_file AS redo, pg_walfile_name(pg_current_wal_lsn()) AS current FROM pg_control_checkpoint()")).rows;
      return captureDataDir(db, (path) => {
        const segment = WAL_SEGMENT.exec(path)?.[1];
        return segment === undefined || !wal || (segment >= wal.redo && segment <= wal.current);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}

/** PGlite installs with rollsafe as an optional dependency: an install without it gets this line. */
function missingPglite(): Error {
  return missingPackage("@electric-sql/pglite", "Verifying on the embedded engine (PGlite; or give --database-url)");
}
