// The `rollback` section of the configuration: every key validated, one line naming the key.
import { describe, expect, it } from "vitest";
import { validateConfig } from "@rollsafe/core";

const check = (rollback: unknown) => () => validateConfig({ rollback }, "rollsafe.config.json", new Set());

describe("rollback configuration", () => {
  it("accepts every key", () => {
    const rollback = {
      previousRelease: { command: ["gh", "run", "list", "--workflow", "deploy-prod.yml", "--status", "success", "--limit", "3", "--json", "headSha"], jsonPath: "[1].headSha" },
      checkout: true,
      prepare: [["npm", "ci"]],
      deploy: ["gh", "workflow", "run", "deploy-prod.yml", "--ref", "{sha}"],
      watch: ["gh", "run", "watch"],
      healthchecks: [{ url: "https://api.example.com/health", expectedStatus: 200, timeoutSeconds: 5, retries: 10, intervalSeconds: 3 }],
      smoke: ["npm", "run", "smoke"],
      errorRate: { command: ["./scripts/error-rate.sh"], baseline: 0.02, windowSeconds: 300, intervalSeconds: 15 },
      caches: [["redis-cli", "FLUSHDB"]],
      notify: { file: ".rollsafe/notifications.jsonl" },
      auditFile: "ops/audit.jsonl",
      timeouts: { deploy: 1200, smoke: 120 },
    };
    expect(check(rollback)()).toEqual({ rollback });
    expect(check({ previousRelease: { tag: "v*" }, notify: ["./notify.sh", "{from}", "{to}"] })()).toBeTruthy();
    // Braces that are not a name are not placeholders: find's {}, JSON.
    expect(check({ deploy: ["find", ".", "-exec", "{}", ";"], notify: ["./post.sh", '{"text": "rolled back to {ref}"}'] })()).toBeTruthy();
  });

  it.each([
    [{ deploy: ["./deploy.sh", "{reff}"] }, 'rollsafe.config.json: rollback.deploy.1: unknown placeholder {reff} in "{reff}": the placeholders are {ref}, {sha}, {from}, {to}'],
    [{ deploy: ["./deploy.sh", "--ref={REF}"] }, 'rollsafe.config.json: rollback.deploy.1: unknown placeholder {REF} in "--ref={REF}" (placeholders are lowercase: {ref}): the placeholders are {ref}, {sha}, {from}, {to}'],
    [{ deploy: ["./deploy.sh", "{ref}-{sha_short}"] }, 'rollsafe.config.json: rollback.deploy.1: unknown placeholder {sha_short} in "{ref}-{sha_short}": the placeholders are {ref}, {sha}, {from}, {to}'],
    [{ caches: [["redis-cli", "-h", "{REDIS_HOST}"]] }, 'rollsafe.config.json: rollback.caches.0.2: unknown placeholder {REDIS_HOST} in "{REDIS_HOST}": the placeholders are {ref}, {sha}, {from}, {to}'],
    [{ caches: [["redis-cli", "-h", "${REDIS_HOST}"]] }, "rollsafe.config.json: rollback.caches.0.2: ${REDIS_HOST} in \"${REDIS_HOST}\" is shell syntax, but no shell reads the arguments: commands inherit rollsafe's environment, so let the program (or a script of yours) read REDIS_HOST itself"],
    [{ errorRate: { command: ["x", "{window}"], baseline: 1 } }, 'rollsafe.config.json: rollback.errorRate.command.1: unknown placeholder {window}'],
    [{ previousRelease: { command: ["x", "{Ref}"] } }, 'rollsafe.config.json: rollback.previousRelease.command.1: unknown placeholder {Ref}'],
    [{ deploy: "./deploy.sh {ref}" }, /^rollsafe\.config\.json: rollback\.deploy: Invalid type/],
    [{ previousRelease: { tag: "v*", command: ["x"] } }, 'rollsafe.config.json: rollback.previousRelease: expected either "tag" (a pattern such as "v*") or "command" (an argv array), not both'],
    [{ previousRelease: { tag: "v*", jsonPath: "0" } }, 'rollsafe.config.json: rollback.previousRelease: "jsonPath" reads the output of "command"'],
    [{ previousRelease: { tag: "--upload-pack=x" } }, "rollsafe.config.json: rollback.previousRelease.tag: a tag pattern cannot start with -"],
    [{ previousRelease: { tags: "v*" } }, 'rollsafe.config.json: unknown key "rollback.previousRelease.tags" (did you mean "tag"?)'],
    [{ timeouts: { deplo: 3 } }, 'rollsafe.config.json: unknown key "rollback.timeouts.deplo" (did you mean "deploy"?)'],
    [{ timeouts: { deploy: 0 } }, "rollsafe.config.json: rollback.timeouts.deploy: expected a positive number of seconds"],
    [{ healthchecks: [{ url: "ftp://example.com/x" }] }, "rollsafe.config.json: rollback.healthchecks.0.url: expected an http:// or https:// URL"],
    [{ healthchecks: [{ url: "https://x.example", retries: 1.5 }] }, /^rollsafe\.config\.json: rollback\.healthchecks\.0\.retries: /],
    [{ errorRate: { command: ["x"] } }, 'rollsafe.config.json: missing key "rollback.errorRate.baseline"'],
    [{ notify: "slack" }, 'rollsafe.config.json: rollback.notify: expected an argv array, or { "file": "<path>" }'],
    [{ auditfile: "x" }, 'rollsafe.config.json: unknown key "rollback.auditfile" (did you mean "auditFile"?)'],
  ])("refuses %j", (rollback, message) => {
    expect(check(rollback)).toThrow(message);
  });
});
