// PGlite's in-memory file system, started from a data directory image of the cache, and read back into
// one. PGlite's own path (`loadDataDir` with a tar, `dumpDataDir`) untars in JavaScript and copies every
// file; here each file of the image is handed to Emscripten's MEMFS as it is (MEMFS keeps the buffer it
// is given), and a capture reads the files straight from MEMFS (docs/architecture.md, "rollsafe verify").
import type { MemoryFS as MemoryFSClass, PGlite } from "@electric-sql/pglite";
import type { ImageEntry } from "../cache/data-dir-image.js";

/** Where PGlite keeps its data directory in the Emscripten file system. */
const PGDATA = "/pglite/data";

/** A node of Emscripten's file system; a MEMFS file keeps its bytes in `contents` (its capacity) and `usedBytes`. */
interface FsNode {
  contents?: Uint8Array | Record<string, FsNode>;
  usedBytes?: number;
}

/** The part of Emscripten's FS API used here (PGlite's type for it is Emscripten's full one). */
interface EmscriptenFs {
  mkdirTree(path: string, mode?: number): void;
  mkdir(path: string, mode?: number): FsNode;
  writeFile(path: string, data: Uint8Array, options: { canOwn: boolean }): void;
  readFile(path: string): Uint8Array;
  readdir(path: string): string[];
  stat(path: string): { mode: number };
  isDir(mode: number): boolean;
  lookupPath(path: string): { node: FsNode };
}

/** MEMFS itself, which PGlite's module exports (its own MEMFS-based file systems use it). */
interface Memfs {
  createNode(parent: FsNode, name: string, mode: number, dev: number): FsNode;
}

function fsOf(pg: PGlite): EmscriptenFs {
  return pg.Module.FS as unknown as EmscriptenFs;
}

/** A regular file readable and writable by its owner, as PostgreSQL creates them. */
const FILE_MODE = 0o100600;

/**
 * Puts the image's files in place. Each file becomes a MEMFS node that holds the image's buffer as its
 * contents: no path lookup, open, write and close per file (a data directory has ~2,000), no copy.
 * Without MEMFS on the module (another PGlite build), each file is written through the FS API instead.
 */
function writeImage(pg: PGlite, image: readonly ImageEntry[]): void {
  const fs = fsOf(pg);
  const memfs = (pg.Module as unknown as { MEMFS?: Memfs }).MEMFS;
  fs.mkdirTree(PGDATA, 0o700);
  const dirs = new Map<string, FsNode>([["", fs.lookupPath(PGDATA).node]]);
  // Parents come before their children in an image (captured depth first).
  for (const entry of image) {
    if (entry.dir) {
      dirs.set(entry.path, fs.mkdir(PGDATA + entry.path, 0o700));
      continue;
    }
    const slash = entry.path.lastIndexOf("/");
    const parent = dirs.get(entry.path.slice(0, slash));
    if (memfs && parent && typeof memfs.createNode === "function") {
      const node = memfs.createNode(parent, entry.path.slice(slash + 1), FILE_MODE, 0);
      node.contents = entry.data;
      node.usedBytes = entry.data.length;
    } else {
      fs.writeFile(PGDATA + entry.path, entry.data, { canOwn: true });
    }
  }
}

/** A MemoryFS whose data directory is the image's before PostgreSQL starts (none: PGlite runs initdb). */
export function imageFileSystem(MemoryFS: typeof MemoryFSClass, image: readonly ImageEntry[] | undefined): MemoryFSClass {
  return new (class ImageFS extends MemoryFS {
    override async initialSyncFs(): Promise<void> {
      if (image && this.pg) writeImage(this.pg, image);
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
