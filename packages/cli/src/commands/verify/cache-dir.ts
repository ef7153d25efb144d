// Where `rollsafe verify` keeps engine states: a folder of its own inside the cache location `rollsafe
// lint` uses (`--cache-location`, default `.rollsafe/cache` beside the config), so the two caches never
// touch each other's files.
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DEFAULT_CACHE_LOCATION } from "../lint-options.js";

/** Bumped when the layout of a saved state changes. */
const STATE_FORMAT = 2;

export function verifyCacheDir(cwd: string, baseDir: string, location: string | undefined): string {
  return join(location !== undefined ? resolve(cwd, location) : resolve(baseDir, DEFAULT_CACHE_LOCATION), `verify-${STATE_FORMAT}`);
}

/**
 * States saved in an earlier layout cannot be restored by this version: their folders (tens of MB) are
 * removed when a run uses the cache. A cache that cannot be written is left as it is.
 */
export function removeOlderStateFormats(dir: string): void {
  for (let format = 1; format < STATE_FORMAT; format++) {
    try {
      rmSync(join(dirname(dir), `verify-${format}`), { recursive: true, force: true });
    } catch {
      // a read-only checkout: nothing to clean
    }
  }
}
