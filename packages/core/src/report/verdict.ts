// Tri-state verdicts: `true` (safe), `false` (a finding proves it unsafe) or "unknown" (nothing proves
// a break, but something was not analysed). "unknown" is never reported as safe.

export type Verdict = true | false | "unknown";

export const VERDICTS: readonly Verdict[] = [true, false, "unknown"];

/**
 * Kleene's AND: `false` when any part is false (a proven break stays proven whatever else is unknown),
 * else "unknown" when any part is unknown, else `true`. An empty list is `true`.
 */
export function allSafe(verdicts: Iterable<Verdict>): Verdict {
  let result: Verdict = true;
  for (const v of verdicts) {
    if (v === false) return false;
    if (v === "unknown") result = "unknown";
  }
  return result;
}

/** `yes`, `no`, `unknown`: how text reports print a verdict. */
export function verdictWord(verdict: Verdict): string {
  return verdict === true ? "yes" : verdict === false ? "no" : "unknown";
}
