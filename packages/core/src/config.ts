// rollsafe.config.json (or "rollsafe" in package.json): found, parsed and validated here. Every
// mistake becomes one ConfigError line naming the file and the key.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { SOURCE_KINDS, TRANSACTION_MODES, type SourceKind, type TransactionMode } from "@rollsafe/parser";
import { PRESETS, type Preset } from "./rule.js";
import * as v from "valibot";
import type { Severity } from "./finding.js";
import { OVERRIDES_KNOWN_KEYS, OverridesSchema, type OverridesConfig } from "./signoff/config.js";
import { ROLLBACK_KNOWN_KEYS, RollbackSchema, type RollbackConfig } from "./rollback-config.js";

export type { RollbackConfig } from "./rollback-config.js";

export const CONFIG_FILE = "rollsafe.config.json";
export const MIN_POSTGRES_VERSION = 10;
export const MAX_POSTGRES_VERSION = 18;

export type RuleSetting = Severity | "off";

export interface RollsafeConfig {
  /** The rule set to start from: `recommended` (default) or `strict` (adds the hygiene rules). */
  extends?: Preset;
  migrations?: { dir?: string; source?: SourceKind; transaction?: TransactionMode };
  /** `15`, or `"14.2"` when a rule needs the minor release (a known bug fixed in a minor release). */
  postgres?: { version?: number | string };
  rules?: Record<string, RuleSetting>;
  /** What `rollsafe report` fills its runbook with and `rollsafe rollback` runs (docs/configuration.md#rollback). */
  rollback?: RollbackConfig;
  /** Sign-off of `-- compat:` overrides in pull requests (docs/configuration.md#overrides). */
  overrides?: OverridesConfig;
  /** The docs/ folder findings link to, for a mirror (default: this release's docs on its tag, docs/configuration.md). */
  docsBaseUrl?: string;
}

export interface LoadedConfig {
  config: RollsafeConfig;
  /** The file it came from, or undefined when there is none (defaults apply). */
  path: string | undefined;
  /** The folder relative paths in the config are resolved from. */
  baseDir: string;
}

/** A configuration or usage mistake: printed as one line, exit code 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const PostgresVersionSchema = v.custom<number | string>(
  (value) => (typeof value === "number" || typeof value === "string") && parsePostgresVersion(value) !== undefined,
  `expected an integer ${MIN_POSTGRES_VERSION}–${MAX_POSTGRES_VERSION}, or a "major.minor" string such as "14.2"`,
);

/** `15` or `"14.2"` as major and (when given) minor; undefined when out of range or malformed. */
export function parsePostgresVersion(value: number | string): { major: number; minor?: number } | undefined {
  const inRange = (major: number) => Number.isInteger(major) && major >= MIN_POSTGRES_VERSION && major <= MAX_POSTGRES_VERSION;
  if (typeof value === "number") return inRange(value) ? { major: value } : undefined;
  const match = /^(\d+)\.(\d+)$/.exec(value);
  if (!match || !inRange(Number(match[1]))) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

const RuleSettingSchema = v.picklist(["off", "warn", "error", "note"] as const);
const ConfigSchema = v.strictObject({
  $schema: v.optional(v.string()),
  extends: v.optional(v.picklist(PRESETS)),
  migrations: v.optional(v.strictObject({ dir: v.optional(v.string()), source: v.optional(v.picklist(SOURCE_KINDS)), transaction: v.optional(v.picklist(TRANSACTION_MODES)) })),
  postgres: v.optional(v.strictObject({ version: v.optional(PostgresVersionSchema) })),
  rules: v.optional(v.record(v.string(), RuleSettingSchema)),
  rollback: v.optional(RollbackSchema),
  overrides: v.optional(OverridesSchema),
  docsBaseUrl: v.optional(v.pipe(v.string(), v.url("expected an absolute URL such as \"https://docs.example.com/rollsafe/docs/\""), v.regex(/^https?:\/\//, "expected an http or https URL"))),
});

const KNOWN_KEYS: Record<string, string[]> = {
  "": ["$schema", "extends", "migrations", "postgres", "rules", "rollback", "overrides", "docsBaseUrl"],
  migrations: ["dir", "source", "transaction"],
  postgres: ["version"],
  ...ROLLBACK_KNOWN_KEYS,
  ...OVERRIDES_KNOWN_KEYS,
};

/** Finds the configuration: an explicit path, else rollsafe.config.json or package.json#rollsafe in cwd. */
export function loadConfig(cwd: string, explicitPath: string | undefined, knownRuleIds: ReadonlySet<string>): LoadedConfig {
  if (explicitPath) {
    const path = resolve(cwd, explicitPath);
    if (!existsSync(path)) throw new ConfigError(`${explicitPath}: config file not found`);
    return { config: validateConfig(readJson(path, explicitPath), explicitPath, knownRuleIds), path, baseDir: dirname(path) };
  }
  const file = join(cwd, CONFIG_FILE);
  if (existsSync(file)) return { config: validateConfig(readJson(file, CONFIG_FILE), CONFIG_FILE, knownRuleIds), path: file, baseDir: cwd };
  const pkg = join(cwd, "package.json");
  if (existsSync(pkg)) {
    const json = readJson(pkg, "package.json") as { rollsafe?: unknown };
    if (json && typeof json === "object" && json.rollsafe !== undefined) {
      return { config: validateConfig(json.rollsafe, "package.json#rollsafe", knownRuleIds), path: pkg, baseDir: cwd };
    }
  }
  return { config: {}, path: undefined, baseDir: cwd };
}

function readJson(path: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${shown}: cannot read: ${(error as Error).message}`);
  }
  try {
    // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the JSON.
    return JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  } catch (error) {
    throw new ConfigError(`${shown}: invalid JSON: ${(error as Error).message}`);
  }
}

export function validateConfig(value: unknown, shown: string, knownRuleIds: ReadonlySet<string>): RollsafeConfig {
  const result = v.safeParse(ConfigSchema, value);
  // An unknown key first: a misspelt key is also reported as its correct spelling missing.
  if (!result.success) throw new ConfigError(`${shown}: ${describeIssue(result.issues.find((i) => !isMissingKey(i) && isKeyIssue(i)) ?? result.issues[0])}`);
  const config = result.output as RollsafeConfig;
  for (const id of Object.keys(config.rules ?? {})) {
    if (!knownRuleIds.has(id)) throw new ConfigError(`${shown}: rules: unknown rule "${id}"${suggest(id, [...knownRuleIds])}`);
  }
  return config;
}

function isKeyIssue(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === "strict_object" || (issue.kind === "schema" && issue.expected === "never");
}

function isMissingKey(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === "strict_object" && issue.received === "undefined";
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((p) => String(p.key));
  const where = keys.length > 0 ? keys.join(".") : "(top level)";
  if (isMissingKey(issue)) return `missing key "${where}"`;
  if (isKeyIssue(issue)) {
    // Array indexes do not change which keys are valid: rollback.healthchecks.0 -> rollback.healthchecks.
    const parent = keys.slice(0, -1).filter((k) => !/^\d+$/.test(k)).join(".");
    const key = keys[keys.length - 1] ?? "";
    return `unknown key "${where}"${suggest(key, KNOWN_KEYS[parent] ?? [])}`;
  }
  return `${where}: ${issue.message}`;
}

/** ` (did you mean "x"?)` for the nearest known name within a small edit distance. */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best ? ` (did you mean "${best}"?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
