// Where `rollsafe verify` keeps engine states: a folder of its own inside the cache location `rollsafe
// lint` uses (`--cache-location`, default `.rollsafe/cache` beside the config), so the two caches never
// touch each other's files.
import { join, resolve } from "node:path";
import { DEFAULT_CACHE_LOCATION } from "../lint-options.js";

/** Bumped when the layout of a saved state changes. */
const STATE_FORMAT = 2;

export function verifyCacheDir(cwd: string, baseDir: string, location: string | undefined): string {
  return join(location !== undefined ? resolve(cwd, location) : resolve(baseDir, DEFAULT_CACHE_LOCATION), `verify-${STATE_FORMAT}`);
}
