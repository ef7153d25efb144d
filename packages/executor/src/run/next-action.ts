// What the on-call engineer does after a step failed: the failure says what broke; this says what to do.
import type { RefAt } from "@rollsafe/core";
import { displayArgv } from "../plan/display-argv.js";
import type { PlanStep } from "../plan/steps.js";
import type { StepRecord } from "./step-record.js";

export function nextAction(step: PlanStep, record: StepRecord, target: { from: RefAt; to: RefAt }): string {
  const again = `rollsafe rollback --to ${target.to.ref} --execute`;
  const timedOut = record.outcome === "timed-out" ? " It was stopped at its time limit (rollback.timeouts): if it only needs longer, raise the limit." : "";
  switch (step.kind) {
    case "checkout":
    case "prepare":
      return `Nothing was deployed. Fix what the ${step.name} step printed above, then run \`${again}\` again.${timedOut}`;
    case "deploy":
      return `The deploy of ${target.to.ref} did not complete: the service may still run ${target.from.ref}, or be part-deployed. Read the deploy's output above and your deploy tool's status, fix the cause, then run \`${again}\` again (or deploy ${target.to.ref} by hand).${timedOut}`;
    case "watch":
      return `The deploy of ${target.to.ref} was started but watching it failed: check the deploy's status in your deploy tool before doing anything else.${timedOut}`;
    case "healthcheck":
      return `${target.to.ref} is deployed but ${step.type === "http" ? step.url : "the service"} is not healthy: check the service's logs and the deploy's status. If ${target.to.ref} itself is unhealthy, do not redeploy ${target.from.ref}: find the cause, or roll forward with a fix.`;
    case "smoke":
      return `${target.to.ref} is deployed and healthy but its smoke test failed: read the smoke test's output above and decide with the team whether ${target.to.ref} can serve traffic.${timedOut}`;
    case "error-rate":
      return `${target.to.ref} is deployed, but the error rate is not back to its baseline: look at the errors on your dashboards; the problem may not be the release that was rolled back.`;
    case "cache":
      return `${target.to.ref} is deployed and healthy, but a cache invalidation failed: run it by hand: ${step.type === "command" ? displayArgv(step.argv) : "see the configuration"}.${timedOut}`;
    default:
      return `Read the output above, fix the cause, then run \`${again}\` again.`;
  }
}
