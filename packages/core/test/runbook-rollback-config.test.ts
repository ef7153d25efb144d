// The report's runbook shows the executor's configuration too: prepare, watch, the error-rate command,
// and the {from}/{to} placeholders, in the order `rollsafe rollback --execute` runs them.
import { describe, expect, it } from "vitest";
import { buildRunbook } from "@rollsafe/core";

const from = { ref: "v1.4.0", sha: "a".repeat(40) };
const to = { ref: "v1.5.0", sha: "b".repeat(40) };

describe("buildRunbook with the executor's keys", () => {
  it("lists prepare, deploy and watch under the redeploy, and the error-rate command", () => {
    const r = buildRunbook({
      path: "schema-compatible-rollback",
      from,
      to,
      failureClass: "code only",
      rollback: { checkout: true, prepare: [["npm", "ci"]], deploy: ["sst", "deploy", "--stage", "production"], watch: ["./watch.sh", "{from}", "{to}"], errorRate: { command: ["./rate.sh", "{sha}"], baseline: 0.02, windowSeconds: 120 } },
    });
    expect(r.steps[0]).toMatchObject({ title: "Redeploy v1.4.0", commands: [["npm", "ci"], ["sst", "deploy", "--stage", "production"], ["./watch.sh", "v1.5.0", "v1.4.0"]] });
    expect(r.steps[0]!.detail).toContain("from a checkout of v1.4.0");
    const rate = r.steps.find((s) => s.title === "Watch the error rate")!;
    expect(rate.commands).toEqual([["./rate.sh", "a".repeat(40)]]);
    expect(rate.detail).toBe("The error rate is back to its baseline (0.02) within 120 s, and latency too.");
  });
});
