// drizzle.config.{ts,mts,js,mjs,json}, found from a folder upward (to the repository root, or the file
// system's root when the folder is not in a git repository).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

export const DRIZZLE_CONFIG_NAMES = ["drizzle.config.ts", "drizzle.config.mts", "drizzle.config.js", "drizzle.config.mjs", "drizzle.config.json"] as const;

/** The nearest config file's absolute path, or undefined. */
export function findDrizzleConfig(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    for (const name of DRIZZLE_CONFIG_NAMES) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
    // A repository's root is as far up as a project's config can be.
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) return undefined;
  }
}
