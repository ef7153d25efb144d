// PGlite: PostgreSQL compiled to WebAssembly, running inside this process. Nothing outside the
// process is touched; the data directory lives in memory.
import type { PGlite } from "@electric-sql/pglite";
import { shortVersion, toServerError, type Engine } from "./engine.js";
import { loadPgliteExtensions } from "./extensions.js";

export interface PgliteEngine extends Engine {
  readonly kind: "pglite";
  /** The whole data directory as a tar, for the cache. */
  dump(): Promise<Blob>;
}

export interface PgliteOptions {
  /** Extensions the migrations create (the ones PGlite has are loaded). */
  extensions?: Iterable<string>;
  /** A data directory saved by `dump()`: restoring it is much faster than a fresh initdb. */
  dataDir?: Blob;
}

/** The version of the @electric-sql/pglite package in use (part of every cache key). */
export async function pgliteVersion(): Promise<string> {
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const { readFileSync } = await import("node:fs");
  const { dirname, join } = await import("node:path");
  // The package's exports do not include package.json: find it beside the resolved entry point.
  let dir = dirname(require.resolve("@electric-sql/pglite"));
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
  const { PGlite } = await import("@electric-sql/pglite");
  const extensions = await loadPgliteExtensions(options.extensions ?? []);
  const db: PGlite = await PGlite.create({
    extensions,
    // A verify run never needs its writes to survive a crash: the data directory is in memory.
    relaxedDurability: true,
    ...(options.dataDir ? { loadDataDir: options.dataDir } : {}),
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
    async dump() {
      return db.dumpDataDir("none");
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
