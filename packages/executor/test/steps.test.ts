// The steps of a safe path, from the configuration: the runbook's order, placeholders replaced
// inside arguments only (one pass: a value is never read again), time limits, the closing steps.
import { describe, expect, it } from "vitest";
import { fillPlaceholders, type RollbackConfig } from "@rollsafe/core";
import { rollbackSteps, type CommandStep } from "@rollsafe/executor";

const from = { ref: "v1.5.0", sha: "b".repeat(40) };
const to = { ref: "v1.4.0", sha: "a".repeat(40) };
const context = { from, to, root: "/repo", commandDir: "/repo/app", relativeCwd: "app", resolvePath: (p: string) => `/repo/app/${p}` };

describe("rollbackSteps", () => {
  it("orders the steps as the runbook does and fills every placeholder", () => {
    const config: RollbackConfig = {
      deploy: ["gh", "workflow", "run", "deploy-prod.yml", "--ref", "{sha}"],
      watch: ["gh", "run", "watch"],
      healthchecks: [{ url: "https://a.example/health" }, { url: "https://b.example/up", expectedStatus: 204, retries: 2, intervalSeconds: 1, timeoutSeconds: 2 }],
      smoke: ["npm", "run", "smoke", "--", "--from={from}", "--to={to}", "--ref={ref}"],
      errorRate: { command: ["./rate.sh"], baseline: 0.01 },
      caches: [["redis-cli", "FLUSHDB"]],
      notify: { file: "incidents.jsonl" },
      timeouts: { deploy: 60, smoke: 5 },
    };
    const { steps, finally: last } = rollbackSteps(config, context);
    expect(steps.map((s) => s.name)).toEqual(["deploy", "watch", "health 1", "health 2", "smoke", "error rate", "cache"]);
    expect((steps[0] as CommandStep).argv).toEqual(["gh", "workflow", "run", "deploy-prod.yml", "--ref", to.sha]);
    expect(steps[0]).toMatchObject({ cwd: "/repo/app", timeoutMs: 60_000 });
    expect((steps[4] as CommandStep).argv).toEqual(["npm", "run", "smoke", "--", "--from=v1.5.0", "--to=v1.4.0", "--ref=v1.4.0"]);
    expect(steps[4]).toMatchObject({ timeoutMs: 5000 });
    expect(steps[2]).toMatchObject({ type: "http", url: "https://a.example/health", expectedStatus: 200, retries: 10, intervalMs: 3000, timeoutMs: 5000 });
    expect(steps[3]).toMatchObject({ expectedStatus: 204, retries: 2, intervalMs: 1000, timeoutMs: 2000 });
    expect(steps[5]).toMatchObject({ type: "error-rate", baseline: 0.01, windowMs: 300_000, intervalMs: 15_000, consecutive: 1 });
    expect(last).toEqual([{ type: "append", kind: "notify", name: "notify", file: "/repo/app/incidents.jsonl" }]);
  });

  it("runs prepare and deploy in a temporary worktree of the target, removed at the end", () => {
    const { steps, finally: last } = rollbackSteps({ checkout: true, prepare: [["npm", "ci"]], deploy: ["npx", "sst", "deploy", "--stage", "production"] }, context);
    const checkout = steps[0] as CommandStep;
    expect(checkout.argv.slice(0, 6)).toEqual(["git", "-C", "/repo", "worktree", "add", "--detach"]);
    expect(checkout.argv[7]).toBe(to.sha);
    const dir = checkout.argv[6]!;
    expect(dir).toMatch(/rollsafe-checkout-aaaaaaaaaaaa-[0-9a-f]{8}$/);
    expect(steps.slice(1).map((s) => [s.name, (s as CommandStep).cwd])).toEqual([
      ["prepare", `${dir}/app`],
      ["deploy", `${dir}/app`],
    ]);
    expect((last[0] as CommandStep).argv).toEqual(["git", "-C", "/repo", "worktree", "remove", "--force", dir]);
  });

  it("cacheTiming before-verification flushes the caches right after the deploy and watch, before the checks", () => {
    const config: RollbackConfig = { deploy: ["./deploy"], watch: ["./watch"], healthchecks: [{ url: "https://a.example/health" }], smoke: ["./smoke"], errorRate: { command: ["./rate.sh"], baseline: 0.01, consecutive: 3 }, caches: [["./purge", "cdn"], ["./purge", "redis"]] };
    expect(rollbackSteps(config, context).steps.map((s) => s.name)).toEqual(["deploy", "watch", "health", "smoke", "error rate", "cache 1", "cache 2"]);
    const before = rollbackSteps({ ...config, cacheTiming: "before-verification" }, context).steps;
    expect(before.map((s) => s.name)).toEqual(["deploy", "watch", "cache 1", "cache 2", "health", "smoke", "error rate"]);
    expect(before[6]).toMatchObject({ type: "error-rate", consecutive: 3 });
  });

  it("a notify command gets the audit record on stdin", () => {
    const { finally: last } = rollbackSteps({ notify: ["./notify-slack", "#incidents"] }, context);
    expect(last[0]).toMatchObject({ type: "command", kind: "notify", argv: ["./notify-slack", "#incidents"], input: "audit-record", timeoutMs: 60_000 });
  });
});

describe("fillPlaceholders", () => {
  it("replaces inside an argument, never splits one, and never re-reads a value", () => {
    expect(fillPlaceholders(["--ref={ref}", "{from}..{to}", "{sha}", "{unknown}", "a b {ref}"], { ref: "weird{sha}", sha: "abc", from: "v2", to: "v1" })).toEqual(["--ref=weird{sha}", "v2..v1", "abc", "{unknown}", "a b weird{sha}"]);
  });
});
