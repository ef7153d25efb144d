// Upgrades across several releases: from which previous version a direct upgrade to the last release
// is safe, and at which releases an operator must stop on the way (docs/release-safety.md).
import type { Verdict } from "./verdict.js";

/** One release step: the release before (`from`) and this one (`to`), with its own verdict. */
export interface ReleaseStep {
  from: string;
  to: string;
  verdict: Verdict;
}

export interface UpgradeSpan {
  /**
   * The oldest version from which a direct upgrade to the last release is safe: every step after it
   * is safe. The first step's `from` when all are; null when the last step itself is not safe.
   */
  minPreviousVersion: string | null;
  /**
   * The releases before the last one whose own step is not safe (`false` or "unknown"), oldest first:
   * stop at each (deploy it, let the rollout finish) so that its break meets only the release right
   * before it, and the releases after it run against code that already copes with it.
   */
  requiredStops: string[];
  reason: string;
}

/**
 * Step verdicts are combined conservatively: a span whose steps are all safe is safe (a change that
 * the previous code survives, older code survives too, as far as the static rules can tell), while
 * a span holding an unsafe step is not taken as safe even where it would be as a whole (a table
 * created and dropped inside it): the whole span has its own verdict for that.
 */
export function upgradeSpan(steps: readonly ReleaseStep[]): UpgradeSpan {
  if (steps.length === 0) return { minPreviousVersion: null, requiredStops: [], reason: "The range holds no release." };
  const unsafe = steps.map((s, i) => (s.verdict === true ? -1 : i)).filter((i) => i >= 0);
  const last = steps[steps.length - 1]!;
  const requiredStops = unsafe.filter((i) => i < steps.length - 1).map((i) => steps[i]!.to);
  if (unsafe.length === 0) {
    return { minPreviousVersion: steps[0]!.from, requiredStops, reason: `Every release step from ${steps[0]!.from} to ${last.to} is safe: upgrade directly from any of these versions.` };
  }
  const k = unsafe[unsafe.length - 1]!;
  const word = (v: Verdict) => (v === false ? "not safe" : "unknown");
  const stops = requiredStops.length > 0 ? ` Stop at ${requiredStops.join(", ")} on the way.` : "";
  if (k === steps.length - 1) {
    return { minPreviousVersion: null, requiredStops, reason: `The last step (${last.from}..${last.to}) is ${word(last.verdict)} for the release before it: no previous version upgrades to ${last.to} without it; follow its report.${stops}` };
  }
  const step = steps[k]!;
  return { minPreviousVersion: step.to, requiredStops, reason: `Step ${step.from}..${step.to} is ${word(step.verdict)}; every step after ${step.to} is safe: upgrade directly from ${step.to} or later.${stops}` };
}
