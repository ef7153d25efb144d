// The previous release's schema files, as the base commit holds them: read from git objects into a
// scratch folder (the working tree is never touched), then globbed there like drizzle-kit would.
import { readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { readBlobs, treeEntries, writeTreeFiles } from "@rollsafe/core";
import { schemaFilePaths } from "../schema/schema-files.js";
import type { SchemaSource } from "../extract/extract-schema.js";

export interface SchemaAtBase {
  sources: SchemaSource[];
  /** Display path (relative to the working directory) of a file written into the scratch folder. */
  display: (path: string) => string;
}

/**
 * `patterns` are the config's schema paths (absolute, in the working tree). Each one's files under its
 * first folder without glob characters are written into `<scratch>/schema/` at their repository paths.
 */
export async function schemaAtBase(root: string, cwd: string, commit: string, patterns: readonly string[], scratch: string): Promise<SchemaAtBase> {
  const base = join(scratch, "schema");
  const blobs = new Map<string, Buffer>();
  const rebased: string[] = [];
  for (const pattern of patterns) {
    const inRepo = relative(root, pattern).split(sep).join("/");
    if (inRepo.startsWith("..")) continue;
    const staticDir = staticPrefix(inRepo);
    const entries = treeEntries(root, commit, staticDir === "" ? "." : staticDir);
    readBlobs(root, entries.map((e) => e.blob), blobs);
    writeTreeFiles(base, commit, entries, blobs);
    rebased.push(join(base, inRepo));
  }
  const files = await schemaFilePaths(rebased);
  const display = (path: string) => relative(cwd, resolve(root, relative(base, path))) || path;
  const sources: SchemaSource[] = [];
  for (const path of files) {
    try {
      sources.push({ path, text: readFileSync(path, "utf8") });
    } catch {
      // Not in the base commit: the previous release had no such file.
    }
  }
  return { sources, display };
}

/** `src/db/*.ts` -> `src/db`; `src/db/schema.ts` -> `src/db/schema.ts` (a file is its own prefix). */
function staticPrefix(path: string): string {
  const parts = path.split("/");
  const firstGlob = parts.findIndex((p) => /[*?[\]{}()!]/.test(p));
  return firstGlob < 0 ? path : parts.slice(0, firstGlob).join("/");
}
