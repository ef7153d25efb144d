// drizzle.config's `schema`: files, folders (every .ts/.js file in them, as drizzle-kit reads them) or
// globs, as absolute file paths in name order. Globbing (tinyglobby) is loaded only here.
import { statSync } from "node:fs";

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|tsx|jsx)$/;

export async function schemaFilePaths(patterns: readonly string[]): Promise<string[]> {
  const { glob, isDynamicPattern, convertPathToPattern } = await import("tinyglobby");
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      for (const file of await glob(pattern, { absolute: true, ignore: ["**/node_modules/**"] })) if (SOURCE.test(file)) files.add(file);
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
    for (const file of await glob(`${convertPathToPattern(pattern)}/**/*`, { absolute: true, ignore: ["**/node_modules/**"] })) if (SOURCE.test(file)) files.add(file);
  }
  return [...files].sort();
}
