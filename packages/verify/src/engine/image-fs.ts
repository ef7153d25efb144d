// PGlite's in-memory file system, started from a data directory image of the cache, and read back into
// one. PGlite's own path (`loadDataDir` with a tar, `dumpDataDir`) untars in JavaScript and copies every
// file; here each file of the image is handed to Emscripten's MEMFS as it is (MEMFS keeps the buffer it
// is given), and a capture reads the files straight from MEMFS (docs/architecture.md, "rollsafe verify").
import type { MemoryFS as MemoryFSClass, PGlite } from "@electric-sql/pglite";
import type { ImageEntry } from "../cache/data-dir-image.js";

/** Where PGlite keeps its data directory in the Emscripten file system. */
const PGDATA = "/pglite/data";

/** The part of Emscripten's FS API used here (PGlite's type for it is Emscripten's full one). */
interface EmscriptenFs {
  mkdirTree(path: string, mode?: number): void;
  mkdir(path: string, mode?: number): void;
  writeFile(path: string, data: Uint8Array, options: { canOwn: boolean }): void;
  readFile(path: string): Uint8Array;
  readdir(path: string): string[];
  stat(path: string): { mode: number };
  isDir(mode: number): boolean;
}

function fsOf(pg: PGlite): EmscriptenFs {
  return pg.Module.FS as unknown as EmscriptenFs;
}

/** A MemoryFS whose data directory is the image's before PostgreSQL starts (none: PGlite runs initdb). */
export function imageFileSystem(MemoryFS: typeof MemoryFSClass, image: readonly ImageEntry[] | undefined): MemoryFSClass {
  return new (class ImageFS extends MemoryFS {
    override async initialSyncFs(): Promise<void> {
      if (!image || !this.pg) return;
      const fs = fsOf(this.pg);
      fs.mkdirTree(PGDATA, 0o700);
      // Parents come before their children in an image (captured depth first).
      for (const entry of image) {
        if (entry.dir) fs.mkdir(PGDATA + entry.path, 0o700);
        else fs.writeFile(PGDATA + entry.path, entry.data.length === entry.size ? entry.data : entry.data.subarray(0, entry.size), { canOwn: true });
      }
    }
  })();
}

/** The data directory as it is in memory now, depth first; `keep` leaves files out (spare WAL segments). */
export function captureDataDir(pg: PGlite, keep: (path: string) => boolean): ImageEntry[] {
  const fs = fsOf(pg);
  const entries: ImageEntry[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdir(PGDATA + dir).sort()) {
      if (name === "." || name === "..") continue;
      const path = `${dir}/${name}`;
      if (fs.isDir(fs.stat(PGDATA + path).mode)) {
        entries.push({ path, dir: true });
        walk(path);
      } else if (keep(path)) {
        const data = fs.readFile(PGDATA + path);
        entries.push({ path, size: data.length, data });
      }
    }
  };
  walk("");
  return entries;
}
