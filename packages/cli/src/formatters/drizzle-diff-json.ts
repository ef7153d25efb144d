// `rollsafe drizzle diff --format json`: the diff as the library returns it, plus what it was run on.
import type { DrizzleDiffRun } from "../commands/drizzle/diff.js";

export function formatDrizzleDiffJson(run: DrizzleDiffRun): string {
  const document = {
    version: 1,
    drizzleConfig: run.drizzleConfig,
    schemaFiles: run.schemaFiles,
    snapshot: run.snapshot ?? null,
    changes: run.diff.changes,
    renamePrompts: run.diff.renamePrompts,
    problems: run.problems,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
