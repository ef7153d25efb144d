// The `rollback` section of rollsafe.config.json: what `rollsafe report` fills its runbook with and
// what `rollsafe rollback --execute` runs (docs/configuration.md#rollback). Every command is an argv
// array, never a shell string; placeholders are replaced inside arguments only.
import * as v from "valibot";

/** The placeholders an argument may hold (docs/rollback.md#placeholders). */
export const ROLLBACK_PLACEHOLDERS = ["ref", "sha", "from", "to"] as const;

/** The steps whose time limit can be configured (`rollback.timeouts`), with their defaults in seconds. */
export const STEP_TIMEOUT_DEFAULTS = {
  previousRelease: 60,
  checkout: 120,
  prepare: 900,
  deploy: 1800,
  watch: 1800,
  smoke: 600,
  errorRate: 60,
  caches: 300,
  notify: 60,
} as const;
export type TimedStep = keyof typeof STEP_TIMEOUT_DEFAULTS;

export const HEALTHCHECK_DEFAULTS = { expectedStatus: 200, timeoutSeconds: 5, retries: 10, intervalSeconds: 3 } as const;
export const ERROR_RATE_DEFAULTS = { windowSeconds: 300, intervalSeconds: 15, consecutive: 1 } as const;
export const DEFAULT_AUDIT_FILE = ".rollsafe/audit.jsonl";

export interface HealthcheckConfig {
  url: string;
  /** The status a healthy service answers with (default 200). */
  expectedStatus?: number;
  /** How long one request may take (default 5). */
  timeoutSeconds?: number;
  /** How many more attempts after a failed one (default 10). */
  retries?: number;
  /** The pause between attempts (default 3). */
  intervalSeconds?: number;
}

/** The last good release when `--to` is not given: the newest tag matching a pattern, or a command's output. */
export interface PreviousReleaseConfig {
  /** A `git describe --match` glob, e.g. `v*`: the newest matching tag before the current release. */
  tag?: string;
  /** A command printing the ref (or JSON holding it), e.g. `gh run list ... --json headSha`. */
  command?: string[];
  /** Where the ref is in the command's JSON output: `1.headSha`, `[1].headSha`, `release.tag`. */
  jsonPath?: string;
}

/** A command printing one number (the current error rate), watched until it is back at the baseline. */
export interface ErrorRateConfig {
  command: string[];
  /** The highest acceptable reading: the error rate before the bad release (plus your margin). */
  baseline: number;
  /** How long the reading may take to come back to the baseline (default 300). */
  windowSeconds?: number;
  /** The pause between readings (default 15). */
  intervalSeconds?: number;
  /** How many readings in a row must be at or below the baseline (default 1). */
  consecutive?: number;
}

/** When the cache invalidations run: after the verification steps passed (default), or before them. */
export type CacheTiming = "after-verification" | "before-verification";

export interface RollbackConfig {
  previousRelease?: PreviousReleaseConfig;
  /** Run `prepare` and `deploy` in a temporary git worktree of the target commit (SST, make/Ansible deploys from source). */
  checkout?: boolean;
  /** Commands run before the deploy (in the checkout when `checkout` is set), e.g. `["npm", "ci"]`. */
  prepare?: string[][];
  deploy?: string[];
  /** A command that follows the deploy until it has finished (e.g. `gh run watch`). */
  watch?: string[];
  healthchecks?: HealthcheckConfig[];
  smoke?: string[];
  errorRate?: ErrorRateConfig;
  caches?: string[][];
  /**
   * `after-verification` (default): caches are flushed once health, smoke and error rate passed, so a
   * failed rollback leaves them warm. `before-verification`: right after the deploy (and watch), when a
   * stale cache would keep the error rate high or the smoke test failing.
   */
  cacheTiming?: CacheTiming;
  /** A command that receives the audit record as JSON on its standard input, or a file the record is appended to. */
  notify?: string[] | { file: string };
  /** The audit log (JSON lines), relative to the config file (default `.rollsafe/audit.jsonl`). */
  auditFile?: string;
  /** Time limits per step, in seconds. */
  timeouts?: Partial<Record<TimedStep, number>>;
}

/**
 * Anything that looks like a placeholder: a name in braces, whatever its case (`{REF}`, `{sha_short}`,
 * `{REDIS_HOST}`). `{}` (find -exec, xargs -I) and JSON (`{"text": …}`) are not names and pass as they are.
 */
const PLACEHOLDER_LIKE = /(\$?)\{([A-Za-z_][A-Za-z0-9_.:-]*)\}/g;

/** Why an argument's `{name}` is not a known placeholder (it would reach the command as typed), or undefined. */
export function unknownPlaceholder(arg: string): string | undefined {
  for (const match of arg.matchAll(PLACEHOLDER_LIKE)) {
    const [whole, dollar, name] = match as unknown as [string, string, string];
    if ((ROLLBACK_PLACEHOLDERS as readonly string[]).includes(name) && dollar === "") continue;
    const known = ROLLBACK_PLACEHOLDERS.map((p) => `{${p}}`).join(", ");
    if (dollar !== "") return `${whole} in "${arg}" is shell syntax, but no shell reads the arguments: commands inherit rollsafe's environment, so let the program (or a script of yours) read ${name} itself; the placeholders are ${known}`;
    const near = ROLLBACK_PLACEHOLDERS.find((p) => p === name.toLowerCase());
    return `unknown placeholder ${whole} in "${arg}"${near ? ` (placeholders are lowercase: {${near}})` : ""}: the placeholders are ${known}`;
  }
  return undefined;
}

const ArgSchema = v.pipe(
  v.string(),
  v.minLength(1, "expected a non-empty string"),
  v.check((arg) => unknownPlaceholder(arg) === undefined, (issue) => unknownPlaceholder(String(issue.input))!),
);
export const ArgvSchema = v.pipe(v.array(ArgSchema), v.minLength(1, "expected an argv array with at least the program"));
const Seconds = v.pipe(v.number(), v.minValue(0.001, "expected a positive number of seconds"), v.maxValue(86_400, "expected at most 86400 seconds (a day)"));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000));

const HealthcheckSchema = v.strictObject({
  // {ref}, {sha}, {from}, {to} are filled (percent-encoded) when the plan is made; any other {name} is refused.
  url: v.pipe(v.string(), v.url("expected a URL"), v.check((u) => /^https?:/i.test(u), "expected an http:// or https:// URL"), v.check((u) => unknownPlaceholder(u) === undefined, (issue) => unknownPlaceholder(String(issue.input))!)),
  expectedStatus: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599))),
  timeoutSeconds: v.optional(Seconds),
  retries: v.optional(Count),
  intervalSeconds: v.optional(Seconds),
});

const PreviousReleaseSchema = v.pipe(
  v.strictObject({ tag: v.optional(v.pipe(v.string(), v.minLength(1), v.check((t) => !t.startsWith("-"), "a tag pattern cannot start with -"))), command: v.optional(ArgvSchema), jsonPath: v.optional(v.pipe(v.string(), v.minLength(1))) }),
  v.check((p) => (p.tag === undefined) !== (p.command === undefined), 'expected either "tag" (a pattern such as "v*") or "command" (an argv array), not both'),
  v.check((p) => p.jsonPath === undefined || p.command !== undefined, '"jsonPath" reads the output of "command"'),
);

const ErrorRateSchema = v.strictObject({
  command: ArgvSchema,
  baseline: v.pipe(v.number(), v.minValue(0)),
  windowSeconds: v.optional(Seconds),
  intervalSeconds: v.optional(Seconds),
  consecutive: v.optional(v.pipe(v.number(), v.integer("expected a whole number of readings"), v.minValue(1, "expected at least 1 reading"), v.maxValue(1000))),
});

const TimeoutsSchema = v.strictObject(Object.fromEntries(Object.keys(STEP_TIMEOUT_DEFAULTS).map((k) => [k, v.optional(Seconds)])) as Record<TimedStep, v.OptionalSchema<typeof Seconds, undefined>>);

export const RollbackSchema = v.strictObject({
  previousRelease: v.optional(PreviousReleaseSchema),
  checkout: v.optional(v.boolean()),
  prepare: v.optional(v.array(ArgvSchema)),
  deploy: v.optional(ArgvSchema),
  watch: v.optional(ArgvSchema),
  healthchecks: v.optional(v.array(HealthcheckSchema)),
  smoke: v.optional(ArgvSchema),
  errorRate: v.optional(ErrorRateSchema),
  caches: v.optional(v.array(ArgvSchema)),
  cacheTiming: v.optional(v.picklist(["after-verification", "before-verification"], 'expected "after-verification" or "before-verification"')),
  notify: v.optional(v.union([ArgvSchema, v.strictObject({ file: v.pipe(v.string(), v.minLength(1)) })], 'expected an argv array, or { "file": "<path>" }')),
  auditFile: v.optional(v.pipe(v.string(), v.minLength(1))),
  timeouts: v.optional(TimeoutsSchema),
});

/** The valid keys under `rollback`, for the nearest-key suggestion of an unknown one. */
export const ROLLBACK_KNOWN_KEYS: Record<string, string[]> = {
  rollback: Object.keys(RollbackSchema.entries),
  "rollback.healthchecks": Object.keys(HealthcheckSchema.entries),
  "rollback.previousRelease": ["tag", "command", "jsonPath"],
  "rollback.errorRate": Object.keys(ErrorRateSchema.entries),
  "rollback.timeouts": Object.keys(STEP_TIMEOUT_DEFAULTS),
  "rollback.notify": ["file"],
};
