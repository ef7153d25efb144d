// `rollsafe compat --format json`: the run as the library returns it.
import type { CompatRun } from "../commands/compat/run.js";

export function formatCompatJson(run: CompatRun): string {
  const document = { version: 1, ...run, referencesSkipped: run.referencesSkipped ?? null };
  return `${JSON.stringify(document, null, 2)}\n`;
}
