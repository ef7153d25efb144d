// A run killed with -9 still leaves a record: the journal written before the first step, appended to
// the audit log as `abandoned` by the next run. The lock keeps the process group of the running step,
// so a deploy that outlives its killed rollsafe is not raced by the next run.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXECUTOR_FIXTURES as F, fixtureRuns, pathWithNode } from "./support/fixture-log.js";
import { isRunning, waitUntilStopped } from "./support/processes.js";
import { runCliAsync, startCli, waitFor } from "./support/run-cli-async.js";
import { taggedRepo } from "./support/tagged-repo.js";

type Line = Record<string, unknown> & { outcome: string; reason?: string; exitCode: number | null; steps: Array<{ name: string; outcome: string }> };

function project() {
  const repo = taggedRepo();
  repo.commit({ "migrations/001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n", VERSION: "1\n" }, "v1.0.0");
  repo.commit({ "src/app.ts": "export const v = 2;\n", VERSION: "2\n" }, "v1.1.0");
  writeFileSync(join(repo.dir, "rollsafe.config.json"), JSON.stringify({ rollback: { deploy: [`${F}deploy`, "{ref}"] } }));
  const log = join(mkdtempSync(join(tmpdir(), "rollsafe-fixture-log-")), "runs.jsonl");
  const auditFile = join(repo.dir, ".rollsafe/audit.jsonl");
  return {
    repo,
    log,
    env: (more: Record<string, string> = {}) => ({ PATH: pathWithNode(), ROLLSAFE_FIXTURE_LOG: log, ...more }),
    audit: (): Line[] => (existsSync(auditFile) ? readFileSync(auditFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Line) : []),
    journals: (): Line[] => (existsSync(`${auditFile}.running`) ? readdirSync(`${auditFile}.running`).filter((n) => n.endsWith(".json")).map((n) => JSON.parse(readFileSync(join(`${auditFile}.running`, n), "utf8")) as Line) : []),
  };
}

describe("rollback --execute killed with -9", () => {
  it("leaves its journal; the next run is refused while the killed run's deploy still runs, then records it as abandoned", async () => {
    const p = project();
    const cli = startCli(["rollback", "--execute"], { cwd: p.repo.dir, env: p.env({ ROLLSAFE_FIXTURE_HANG: "deploy" }) });
    await waitFor(() => fixtureRuns(p.log).some((r) => r.name === "deploy-child"), 15_000, "the deploy to start");
    cli.child.kill("SIGKILL");
    await cli.done;

    // The trace the killed run left: a journal saying the deploy was running; no final record.
    expect(p.audit()).toEqual([]);
    const [journal] = p.journals();
    expect(journal).toMatchObject({ command: "rollback", mode: "execute", outcome: "running", exitCode: null, to: { ref: "v1.0.0" } });
    expect(journal!.steps).toMatchObject([{ name: "deploy", outcome: "running" }]);

    // Its deploy outlived it: the lock is not stale while that process group runs.
    const deploy = fixtureRuns(p.log).find((r) => r.name === "deploy")!;
    expect(isRunning(deploy.pid)).toBe(true);
    const raced = await runCliAsync(["rollback", "--execute"], { cwd: p.repo.dir, env: p.env() });
    expect(raced.status).toBe(1);
    expect(raced.stdout + raced.stderr).toContain(`its step deploy is still running (process group ${deploy.pid}): let it finish or stop it (kill -- -${deploy.pid})`);
    expect(fixtureRuns(p.log).filter((r) => r.name === "deploy")).toHaveLength(1);

    process.kill(-deploy.pid, "SIGKILL");
    for (const r of fixtureRuns(p.log)) expect(await waitUntilStopped(r.pid)).toBe(true);
    const next = await runCliAsync(["rollback", "--execute"], { cwd: p.repo.dir, env: p.env() });
    expect(next.status).toBe(0);
    expect(next.stderr).toContain("warning: took over a stale lock");
    expect(next.stderr).toMatch(/warning: an earlier run \(rollback, pid \d+, started .*\) ended without finishing; recorded as abandoned in .*; steps it had begun: deploy \(running\)/);
    const outcomes = p.audit().map((l) => l.outcome);
    expect(outcomes).toEqual(["refused", "abandoned", "succeeded"]);
    expect(p.audit()[1]).toMatchObject({ exitCode: null, steps: [{ name: "deploy", outcome: "running" }] });
    expect(p.audit()[1]!.reason).toContain("the run ended without finishing");
    expect(p.journals()).toEqual([]);
  }, 60_000);

  it("a finished run leaves no journal, and one record", async () => {
    const p = project();
    const result = await runCliAsync(["rollback", "--execute"], { cwd: p.repo.dir, env: p.env() });
    expect(result.status).toBe(0);
    expect(p.audit().map((l) => l.outcome)).toEqual(["succeeded"]);
    expect(p.journals()).toEqual([]);
  });
});
