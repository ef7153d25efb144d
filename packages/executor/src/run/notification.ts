// The notification (rollback.notify) is sent at three moments: before the first step runs (`start`:
// people watching the incident channel learn a rollback is under way), at the end (`end`), and when
// `--execute` is refused (`refused`: the on-call engineer asked for a rollback and did not get one).
// It gets the audit record as it stands, with the phase; a failed notification is only a warning.
import type { PlanStep } from "../plan/steps.js";
import type { AuditRecord, Outcome } from "../audit/audit-record.js";
import { runStep, type ExecuteOptions } from "./execute-steps.js";
import type { StepRecord } from "./step-record.js";

export type NotifyPhase = "start" | "end" | "refused";

/** What the notify command reads on its standard input (or what is appended to the notify file). */
export interface Notification extends Omit<AuditRecord, "outcome"> {
  phase: NotifyPhase;
  /** `started` in the start notification; the run's outcome otherwise. */
  outcome: Outcome | "started";
}

export interface SentNotification {
  record: StepRecord;
  /** Set when the notification failed. */
  warning?: string;
}

export async function sendNotification(step: PlanStep, payload: Notification, options: Pick<ExecuteOptions, "env" | "progress" | "heartbeatMs">): Promise<SentNotification> {
  const name = payload.phase === "start" ? "notify start" : step.name;
  // Never stopped by a Ctrl-C: a refusal or a start is worth telling, and the step has its own time limit.
  const record = await runStep({ ...step, name }, `[${payload.phase}] ${name}`, { ...options, recordSoFar: () => "" }, () => JSON.stringify(payload));
  const sent: SentNotification = { record };
  if (record.outcome !== "ok") sent.warning = `${name} ${record.detail ?? record.outcome}: the notification was not sent`;
  return sent;
}
