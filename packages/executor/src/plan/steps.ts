// The steps of a safe rollback path, from the configuration, in the runbook's order: (checkout,
// prepare,) deploy, watch, health checks, smoke test, error rate, cache invalidations; then, whatever
// happened, the checkout's removal and the notification. Every argv is final here: placeholders are
// replaced, and what the plan prints is exactly what runs.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ERROR_RATE_DEFAULTS, fillPlaceholders, fillUrlPlaceholders, HEALTHCHECK_DEFAULTS, STEP_TIMEOUT_DEFAULTS, type PlaceholderValues, type RefAt, type RollbackConfig, type TimedStep } from "@rollsafe/core";

export type StepKind = "checkout" | "prepare" | "deploy" | "watch" | "healthcheck" | "smoke" | "error-rate" | "cache" | "cleanup" | "notify";

/** A command run as an argv array. */
export interface CommandStep {
  type: "command";
  kind: StepKind;
  name: string;
  argv: string[];
  cwd: string;
  timeoutMs: number;
  /** The notify command gets the audit record (JSON) on its standard input. */
  input?: "audit-record";
}

export interface HttpStep {
  type: "http";
  kind: "healthcheck";
  name: string;
  url: string;
  expectedStatus: number;
  timeoutMs: number;
  retries: number;
  intervalMs: number;
}

/** A command printing a number, read every interval until it is at or below the baseline, within the window. */
export interface ErrorRateStep {
  type: "error-rate";
  kind: "error-rate";
  name: string;
  argv: string[];
  cwd: string;
  baseline: number;
  windowMs: number;
  intervalMs: number;
  /** The time limit of one reading. */
  timeoutMs: number;
  /** Readings in a row at or below the baseline that end the step. */
  consecutive: number;
}

/** Appends the audit record to a file (notify: { file }). */
export interface AppendStep {
  type: "append";
  kind: "notify";
  name: string;
  file: string;
}

export type PlanStep = CommandStep | HttpStep | ErrorRateStep | AppendStep;

export interface StepLists {
  /** Run in order; the first failure stops the rest. */
  steps: PlanStep[];
  /** Run at the end whatever happened: the checkout's removal always, the notification unless interrupted. */
  finally: PlanStep[];
}

export interface StepContext {
  /** The release rolled back from and the one rolled back to. */
  from: RefAt;
  to: RefAt;
  /** The git repository (for the checkout) and the folder commands run in (the config file's). */
  root: string;
  commandDir: string;
  /** The working directory relative to the repository root: commands in a checkout run at the same place. */
  relativeCwd: string;
  /** Resolves a path from the configuration (the notify file). */
  resolvePath: (path: string) => string;
}

export function rollbackSteps(config: RollbackConfig, context: StepContext): StepLists {
  const values: PlaceholderValues = { ref: context.to.ref, sha: context.to.sha, from: context.from.ref, to: context.to.ref };
  const fill = (argv: readonly string[]) => fillPlaceholders(argv, values);
  const timeout = (kind: TimedStep) => 1000 * (config.timeouts?.[kind] ?? STEP_TIMEOUT_DEFAULTS[kind]);
  const command = (kind: StepKind, timed: TimedStep, name: string, argv: readonly string[], cwd = context.commandDir): CommandStep => ({ type: "command", kind, name, argv: fill(argv), cwd, timeoutMs: timeout(timed) });
  const steps: PlanStep[] = [];
  const last: PlanStep[] = [];

  let deployDir = context.commandDir;
  if (config.checkout) {
    const checkout = join(tmpdir(), `rollsafe-checkout-${context.to.sha.slice(0, 12)}-${randomBytes(4).toString("hex")}`);
    deployDir = join(checkout, context.relativeCwd);
    // Literal argv, not from the configuration: placeholders are not applied to the paths.
    steps.push({ type: "command", kind: "checkout", name: "checkout", argv: ["git", "-C", context.root, "worktree", "add", "--detach", checkout, context.to.sha], cwd: context.root, timeoutMs: timeout("checkout") });
    last.push({ type: "command", kind: "cleanup", name: "remove checkout", argv: ["git", "-C", context.root, "worktree", "remove", "--force", checkout], cwd: context.root, timeoutMs: timeout("checkout") });
  }
  (config.prepare ?? []).forEach((argv, i) => steps.push(command("prepare", "prepare", numbered("prepare", i, config.prepare!.length), argv, deployDir)));
  if (config.deploy) steps.push(command("deploy", "deploy", "deploy", config.deploy, deployDir));
  if (config.watch) steps.push(command("watch", "watch", "watch", config.watch));
  const caches = (config.caches ?? []).map((argv, i, all) => command("cache", "caches", numbered("cache", i, all.length), argv));
  // Verification checks the service as users see it: a stale cache can keep it failing (cacheTiming).
  if (config.cacheTiming === "before-verification") steps.push(...caches);
  (config.healthchecks ?? []).forEach((h, i, all) =>
    steps.push({
      type: "http",
      kind: "healthcheck",
      name: numbered("health", i, all.length),
      url: fillUrlPlaceholders(h.url, values, `rollback.healthchecks[${i}].url`),
      expectedStatus: h.expectedStatus ?? HEALTHCHECK_DEFAULTS.expectedStatus,
      timeoutMs: 1000 * (h.timeoutSeconds ?? HEALTHCHECK_DEFAULTS.timeoutSeconds),
      retries: h.retries ?? HEALTHCHECK_DEFAULTS.retries,
      intervalMs: 1000 * (h.intervalSeconds ?? HEALTHCHECK_DEFAULTS.intervalSeconds),
    }),
  );
  if (config.smoke) steps.push(command("smoke", "smoke", "smoke", config.smoke));
  if (config.errorRate) {
    const e = config.errorRate;
    steps.push({
      type: "error-rate",
      kind: "error-rate",
      name: "error rate",
      argv: fill(e.command),
      cwd: context.commandDir,
      baseline: e.baseline,
      windowMs: 1000 * (e.windowSeconds ?? ERROR_RATE_DEFAULTS.windowSeconds),
      intervalMs: 1000 * (e.intervalSeconds ?? ERROR_RATE_DEFAULTS.intervalSeconds),
      timeoutMs: timeout("errorRate"),
      consecutive: e.consecutive ?? ERROR_RATE_DEFAULTS.consecutive,
    });
  }
  if (config.cacheTiming !== "before-verification") steps.push(...caches);
  const notify = notifyStep(config, context);
  if (notify) last.push(notify);
  return { steps, finally: last };
}

/**
 * The notification: a command that gets the record on its standard input, or a file it is appended
 * to. The same step runs before the first step (`notify start`), at the end, and on a refused
 * `--execute`; the record it gets says which (`phase`).
 */
export function notifyStep(config: RollbackConfig, context: Pick<StepContext, "from" | "to" | "commandDir" | "resolvePath">, name = "notify"): PlanStep | undefined {
  if (!config.notify) return undefined;
  if (!Array.isArray(config.notify)) return { type: "append", kind: "notify", name, file: context.resolvePath(config.notify.file) };
  const values: PlaceholderValues = { ref: context.to.ref, sha: context.to.sha, from: context.from.ref, to: context.to.ref };
  const timeoutMs = 1000 * (config.timeouts?.notify ?? STEP_TIMEOUT_DEFAULTS.notify);
  return { type: "command", kind: "notify", name, argv: fillPlaceholders(config.notify, values), cwd: context.commandDir, timeoutMs, input: "audit-record" };
}

function numbered(name: string, index: number, count: number): string {
  return count === 1 ? name : `${name} ${index + 1}`;
}
