// The release to roll back to when `--to` is not given: the newest tag before the current release
// (matching `previousRelease.tag` when set), or what a configured command prints (a deploy history,
// e.g. `gh run list --json headSha`), read at `previousRelease.jsonPath`.
import { ConfigError, latestTag, resolveCommit, STEP_TIMEOUT_DEFAULTS, type PreviousReleaseConfig, type RefAt } from "@rollsafe/core";
import { describeResult, runCommand } from "../run/run-command.js";
import type { StepRecord } from "../run/step-record.js";
import { atJsonPath } from "./json-path.js";
import { checkSkippedEntries } from "./skipped-entries.js";

export interface LookupContext {
  root: string;
  /** Where the command runs (the config file's folder). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutSeconds?: number;
  onLine?: (line: string) => void;
}

export interface PreviousRelease {
  /** The ref found, not yet checked (the caller checks every ref the same way). */
  ref: string;
  /** How it was found, for the plan. */
  how: string;
  /** The lookup command's record, when one ran. */
  lookup?: StepRecord;
}

/** Thrown when Ctrl-C stops the lookup command. */
export class InterruptedError extends Error {
  override name = "InterruptedError";
}

export async function previousRelease(from: RefAt, config: PreviousReleaseConfig | undefined, context: LookupContext): Promise<PreviousRelease> {
  if (config?.command) return fromCommand(config.command, config.jsonPath, from, context);
  const match = config?.tag;
  const pattern = match !== undefined ? ` matching "${match}"` : "";
  const notFound = `rollback: no tag${pattern} is reachable from ${from.ref}: pass --to <ref>, or set rollback.previousRelease in rollsafe.config.json`;
  let tag = latestTag(context.root, from.sha, { ...(match !== undefined ? { match } : {}), notFound });
  // The current release is itself tagged: the previous release is the tag before it.
  if (resolveCommit(context.root, tag, "rollback") === from.sha) tag = latestTag(context.root, `${from.sha}^`, { ...(match !== undefined ? { match } : {}), notFound });
  return { ref: tag, how: `the newest tag${pattern} before ${from.ref}` };
}

async function fromCommand(argv: string[], jsonPath: string | undefined, from: RefAt, context: LookupContext): Promise<PreviousRelease> {
  const timeoutMs = 1000 * (context.timeoutSeconds ?? STEP_TIMEOUT_DEFAULTS.previousRelease);
  const startedAt = new Date().toISOString();
  const result = await runCommand(argv, { cwd: context.cwd, env: context.env, timeoutMs, capture: true, ...(context.signal ? { signal: context.signal } : {}), onLine: (line, stream) => stream === "stderr" && context.onLine?.(line) });
  const ok = result.exitCode === 0;
  const lookup: StepRecord = { name: "previous release", kind: "previous-release", argv, cwd: context.cwd, outcome: result.interrupted ? "interrupted" : result.timedOut ? "timed-out" : ok ? "ok" : "failed", startedAt, durationMs: Math.round(result.durationMs), exitCode: result.exitCode, signal: result.signal };
  if (result.interrupted) throw new InterruptedError("interrupted while looking up the previous release");
  if (!ok) throw new ConfigError(`rollback: the rollback.previousRelease command failed (${describeResult(result, timeoutMs)}): pass --to <ref>`);
  const output = result.stdout ?? "";
  let ref: unknown;
  let entry = "";
  if (jsonPath !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(output);
    } catch {
      throw new ConfigError(`rollback: the rollback.previousRelease command did not print JSON (jsonPath "${jsonPath}" needs it): pass --to <ref>`);
    }
    ref = atJsonPath(json, jsonPath);
    if (typeof ref !== "string") throw new ConfigError(`rollback: the rollback.previousRelease command's output has no string at "${jsonPath}": pass --to <ref>`);
    const skipped = checkSkippedEntries(json, jsonPath, from, context.root);
    if (skipped) entry = `, ${skipped.taken}; skipped ${skipped.current}`;
  } else {
    ref = output.split("\n").map((l) => l.trim()).find((l) => l !== "");
    if (ref === undefined) throw new ConfigError("rollback: the rollback.previousRelease command printed nothing: pass --to <ref>");
  }
  return { ref: ref as string, how: `printed by ${argv[0]}${jsonPath !== undefined ? ` at ${jsonPath}` : " (its first line)"}${entry}`, lookup };
}
