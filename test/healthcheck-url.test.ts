// Health-check URLs take the placeholders commands do ({ref}, {sha}, {from}, {to}), percent-encoded so
// that a value never changes the URL's shape; any other {name} is a configuration error.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXECUTOR_FIXTURES as F, pathWithNode } from "./support/fixture-log.js";
import { runCliAsync } from "./support/run-cli-async.js";
import { taggedRepo } from "./support/tagged-repo.js";

function project(url: string, target = "v1.0.0") {
  const repo = taggedRepo();
  const v1 = repo.commit({ "migrations/001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n" }, target);
  repo.commit({ "src/app.ts": "export const v = 2;\n" }, "v1.1.0");
  writeFileSync(join(repo.dir, "rollsafe.config.json"), JSON.stringify({ rollback: { deploy: [`${F}deploy`, "{ref}"], healthchecks: [{ url }] } }));
  return { repo, v1 };
}

describe("health-check URL placeholders", () => {
  const plan = async (p: ReturnType<typeof project>, to: string) => {
    const result = await runCliAsync(["rollback", "--to", to, "--format", "json"], { cwd: p.repo.dir, env: { PATH: pathWithNode() } });
    return { result, health: result.status === 0 ? (JSON.parse(result.stdout) as { steps: Array<{ kind: string; url?: string }> }).steps.find((s) => s.kind === "healthcheck") : undefined };
  };

  it("fills {ref}, {sha} and {from} in the path and query, percent-encoding each value", async () => {
    const p = project("https://example.com/health/{ref}?sha={sha}&from={from}", "release/1.0");
    const { result, health } = await plan(p, "release/1.0");
    expect(result.status).toBe(0);
    // "release/1.0" stays one path segment: a value cannot add a segment, a query or a user.
    expect(health!.url).toBe(`https://example.com/health/release%2F1.0?sha=${p.v1}&from=v1.1.0`);
  });

  it("fills a placeholder in the host", async () => {
    const p = project("https://{ref}.preview.example.com/health");
    const { result, health } = await plan(p, "v1.0.0");
    expect(result.status).toBe(0);
    expect(health!.url).toBe("https://v1.0.0.preview.example.com/health");
  });

  it("refuses a URL that is not valid once filled (a / in a host): exit 2, naming the setting", async () => {
    const p = project("https://{ref}.preview.example.com/health", "release/1.0");
    const { result } = await plan(p, "release/1.0");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('rollback.healthchecks[0].url: "https://{ref}.preview.example.com/health" is not a valid URL once its placeholders are filled ("https://release%2F1.0.preview.example.com/health")');
  });

  it("refuses an unknown placeholder in a URL: exit 2, one line naming it", async () => {
    const p = project("https://example.com/health?v={REF}");
    const result = await runCliAsync(["rollback"], { cwd: p.repo.dir, env: { PATH: pathWithNode() } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown placeholder {REF}");
    expect(result.stderr).toContain("placeholders are lowercase: {ref}");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
