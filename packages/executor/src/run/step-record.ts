// What happened to one step, as the audit record and the JSON output keep it.
import type { StepKind } from "../plan/steps.js";

/** `running` only in the journal of a run in progress (and in an abandoned run's record). */
export type StepOutcome = "ok" | "failed" | "timed-out" | "interrupted" | "not-run" | "running";

export interface StepRecord {
  name: string;
  kind: StepKind | "previous-release" | "snapshot" | "down-migration" | "verify";
  /** What ran: the exact argv, the URL checked, or the file appended to. */
  argv?: string[];
  url?: string;
  file?: string;
  cwd?: string;
  outcome: StepOutcome;
  startedAt?: string;
  durationMs?: number;
  exitCode?: number | null;
  signal?: string | null;
  /** HTTP checks and error-rate readings: how many attempts, and the last status or readings. */
  attempts?: number;
  status?: number;
  readings?: number[];
  /** What went wrong, in a few words. */
  detail?: string;
}
