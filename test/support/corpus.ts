// The shared corpus of real migrations lives beside the repository (../shared/corpus), never in it.
// CI always has it; a clone elsewhere may not, and then the tests that read it are skipped (and say so)
// instead of failing. Under CI=true a missing corpus is a failure, not a skip.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CORPUS_DIR = fileURLToPath(new URL("../../../shared/corpus", import.meta.url));

/** True when the corpus tests should run: the corpus is there, or this is CI (where it must be). */
export const RUN_CORPUS_TESTS = existsSync(CORPUS_DIR) || !!process.env.CI;

if (!RUN_CORPUS_TESTS) console.warn(`note: ${CORPUS_DIR} not found; the tests on the shared corpus are skipped`);
