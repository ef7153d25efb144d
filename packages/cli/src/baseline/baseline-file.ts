// The baseline file (docs/baseline.md): a small versioned JSON document listing accepted findings.
import { readFileSync, writeFileSync } from "node:fs";
import { ConfigError } from "@rollsafe/core";

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** The migration, relative to the baseline file's folder, forward slashes. */
  path: string;
  ruleId: string;
  /** sha256 (hex) of the statement's text without its layout. */
  fingerprint: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

/** `file` is absolute; `shown` is how the user named it (for messages). */
export function readBaseline(file: string, shown: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`--baseline: cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError(`--baseline: ${shown} is not valid JSON`);
  }
  const doc = data as { version?: unknown; entries?: unknown };
  if (typeof doc !== "object" || doc === null || doc.version !== BASELINE_VERSION) throw new ConfigError(`--baseline: ${shown} is not a rollsafe baseline of version ${BASELINE_VERSION} (write one with --write-baseline)`);
  if (!Array.isArray(doc.entries) || !doc.entries.every(isEntry)) throw new ConfigError(`--baseline: ${shown}: "entries" must be a list of { path, ruleId, fingerprint } strings`);
  return { version: BASELINE_VERSION, entries: doc.entries };
}

function isEntry(value: unknown): value is BaselineEntry {
  const e = value as Record<string, unknown>;
  return typeof e === "object" && e !== null && typeof e.path === "string" && typeof e.ruleId === "string" && typeof e.fingerprint === "string";
}

/** Sorted, so that the file's diff shows only what changed. */
export function writeBaseline(file: string, shown: string, entries: readonly BaselineEntry[]): void {
  const sorted = [...entries].sort((a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint));
  const doc: Baseline = { version: BASELINE_VERSION, entries: sorted };
  try {
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (error) {
    throw new ConfigError(`--write-baseline: cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
