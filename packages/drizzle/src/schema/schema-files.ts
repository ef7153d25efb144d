// drizzle.config's `schema`: files, folders (every .ts/.js file in them, as drizzle-kit reads them) or
// globs, as absolute file paths in name order. Globbing (tinyglobby) is loaded only here: with import()
// by the CLI (kept out of its bundle), with require() by the editor's rules, which must be synchronous.
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import type * as TinyGlobbyModule from "tinyglobby";

type TinyGlobby = typeof TinyGlobbyModule;

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|tsx|jsx)$/;

export async function schemaFilePaths(patterns: readonly string[]): Promise<string[]> {
  return expand(patterns, await import("tinyglobby"));
}

export function schemaFilePathsSync(patterns: readonly string[]): string[] {
  return expand(patterns, createRequire(import.meta.url)("tinyglobby") as TinyGlobby);
}

function expand(patterns: readonly string[], { globSync, isDynamicPattern, convertPathToPattern }: TinyGlobby): string[] {
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      for (const file of globSync(pattern, { absolute: true, ignore: ["**/node_modules/**"] })) if (SOURCE.test(file)) files.add(file);
      continue;
    }
    let isDirectory = false;
    try {
      isDirectory = statSync(pattern).isDirectory();
    } catch {
      // A missing file: the caller reports it when reading.
    }
    if (!isDirectory) {
      files.add(pattern);
      continue;
    }
    for (const file of globSync(`${convertPathToPattern(pattern)}/**/*`, { absolute: true, ignore: ["**/node_modules/**"] })) if (SOURCE.test(file)) files.add(file);
  }
  return [...files].sort();
}
