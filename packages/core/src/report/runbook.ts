// The runbook of the chosen path: what the on-call engineer does, with the configured commands
// (config `rollback`, argv arrays; `{ref}` and `{sha}` are replaced by the ref to deploy, `{from}` by
// the release rolled back from, `{to}` by the one rolled back to).
import type { RollbackConfig } from "../config.js";
import type { UnanalysedStatement } from "../lint.js";
import { fillPlaceholders } from "../placeholders.js";
import { unanalysedAt } from "./decide.js";
import { isSafePath, type RollbackPath } from "./paths.js";

export interface RunbookStep {
  title: string;
  /** What to do and how to tell it worked. */
  detail: string;
  /** Commands from the configuration, as argv arrays (never shell strings). */
  commands: string[][];
  /** Health-check URLs from the configuration. */
  urls?: string[];
}

export interface RunbookInput {
  path: RollbackPath;
  /** The previous release (the range's start) and the new one. */
  from: { ref: string; sha: string };
  to: { ref: string; sha: string };
  /** The failure class for the note: the path and what decided it. */
  failureClass: string;
  rollback?: RollbackConfig;
  /** What could not be analysed: on a safe path, reviewing it comes first (the verdict is unknown). */
  unanalysed?: readonly UnanalysedStatement[];
}

export interface Runbook {
  path: RollbackPath;
  steps: RunbookStep[];
  /** The note to post in the incident channel. */
  note: string;
}

export function buildRunbook(input: RunbookInput): Runbook {
  const config = input.rollback ?? {};
  // The rollback goes from the release (the range's end) to the target (the range's start, or a fix).
  const fill = (argv: readonly string[], target: { ref: string; sha: string }) => fillPlaceholders(argv, { ref: target.ref, sha: target.sha, from: input.to.ref, to: target.ref });
  const deploy = (target: { ref: string; sha: string }, title: string, detail: string): RunbookStep => ({
    title,
    detail: config.deploy ? `${detail}${config.checkout ? `, from a checkout of ${target.ref}` : ""}` : `${detail} (no rollback.deploy command is configured: use your usual deploy).`,
    commands: config.deploy ? [...(config.prepare ?? []), config.deploy, ...(config.watch ? [config.watch] : [])].map((argv) => fill(argv, target)) : [],
  });
  const verify: RunbookStep[] = [
    {
      title: "Verify health checks",
      detail: config.healthchecks?.length ? "Every health check answers with its expected status." : "Every health check of the service is green (no rollback.healthchecks configured).",
      commands: [],
      ...(config.healthchecks?.length ? { urls: config.healthchecks.map((h) => h.url) } : {}),
    },
    { title: "Smoke test", detail: config.smoke ? "The smoke test passes." : "Run the smoke test of the service (no rollback.smoke configured).", commands: config.smoke ? [fill(config.smoke, input.to)] : [] },
    {
      title: "Watch the error rate",
      detail: config.errorRate ? `The error rate is back to its baseline (${config.errorRate.baseline})${(config.errorRate.consecutive ?? 1) > 1 ? ` for ${config.errorRate.consecutive} readings in a row` : ""} within ${config.errorRate.windowSeconds ?? 300} s, and latency too.` : "The error rate and latency are back to their baseline from before the release.",
      commands: config.errorRate ? [fill(config.errorRate.command, input.from)] : [],
    },
    { title: "Invalidate caches", detail: config.caches?.length ? "Invalidate the caches that hold data shaped by the release." : "Invalidate the caches that hold data shaped by the release (no rollback.caches configured).", commands: (config.caches ?? []).map((c) => fill(c, input.to)) },
  ];
  // rollback.cacheTiming "before-verification": a stale cache would keep the checks failing, so it goes first.
  if (config.cacheTiming === "before-verification") verify.unshift(verify.pop()!);
  const smokeFor = (target: { ref: string; sha: string }) => verify.map((s) => (s.title === "Smoke test" && config.smoke ? { ...s, commands: [fill(config.smoke, target)] } : s));
  let steps: RunbookStep[];
  switch (input.path) {
    case "service-rollback":
      steps = [deploy(input.from, `Redeploy ${input.from.ref}`, `Deploy the previous release ${input.from.ref} (${short(input.from.sha)}); the release has no migration, so the schema needs nothing`), ...smokeFor(input.from)];
      break;
    case "schema-compatible-rollback":
      steps = [
        deploy(input.from, `Redeploy ${input.from.ref}`, `Deploy the previous release ${input.from.ref} (${short(input.from.sha)})`),
        { title: "Leave the schema alone", detail: "Do not run down migrations: the previous code runs against the new schema (the release's migrations only add to it, or drop what the previous code no longer uses).", commands: [] },
        ...smokeFor(input.from),
      ];
      break;
    case "roll-forward":
    case "migration-down":
      steps = [
        { title: "Do not redeploy the previous code", detail: `The previous release ${input.from.ref} fails against the new schema.`, commands: [] },
        { title: "Ship the fix forward", detail: "Write a hotfix, or the corrective forward migrations listed in this report, and release it as a new version.", commands: [] },
        deploy({ ref: "<fix-ref>", sha: "<fix-sha>" }, "Deploy the fix", "Deploy the release that holds the fix"),
        ...smokeFor({ ref: "<fix-ref>", sha: "<fix-sha>" }),
      ];
      break;
    case "disaster-recovery":
      steps = [
        { title: "Stop the damage", detail: "Freeze deploys and pause the writers of the affected tables; this path is never automated.", commands: [] },
        { title: "Recover the data", detail: `Restore from a backup or with point-in-time recovery to just before ${input.to.ref}'s migrations ran, into a separate database, and copy the lost data back.`, commands: [] },
        { title: "Restore compatibility", detail: "Then roll forward: apply the corrective migrations listed in this report, or ship a hotfix.", commands: [] },
        ...verify,
      ];
      break;
  }
  if (isSafePath(input.path) && input.unanalysed?.length) {
    const items = input.unanalysed.map((u) => `${unanalysedAt(u)} (${u.why})`).join("; ");
    steps.unshift({ title: "Review what rollsafe could not analyse", detail: `Read ${items}. Continue with the steps below only if none of it breaks the previous release; otherwise roll forward instead.`, commands: [] });
  }
  const note = `Rollback of ${input.to.ref} (${short(input.to.sha)}) to ${input.from.ref} (${short(input.from.sha)}): path ${input.path}; failure class: ${input.failureClass}.`;
  steps.push({ title: "Post the note", detail: note, commands: [] });
  return { path: input.path, steps, note };
}

function short(sha: string): string {
  return /^[0-9a-f]{40,64}$/.test(sha) ? sha.slice(0, 12) : sha;
}
