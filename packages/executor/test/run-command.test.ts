// The step runner: argv arrays spawned without a shell, time limits that stop the whole process
// group, Ctrl-C, standard input, and commands that cannot start. Real child processes throughout.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeResult, runCommand } from "@rollsafe/executor";
import { EXECUTOR_FIXTURES, fixtureRuns, pathWithNode } from "../../../test/support/fixture-log.js";
import { isRunning, waitUntilStopped } from "../../../test/support/processes.js";

function setup(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rollsafe-run-"));
  const log = join(dir, "log.jsonl");
  return { dir, log, env: { ...process.env, PATH: pathWithNode(), ROLLSAFE_FIXTURE_LOG: log, ...extra } };
}

describe("runCommand", () => {
  it("passes every argument as is: nothing is ever read by a shell", async () => {
    const { dir, log, env } = setup();
    const marker = join(dir, "pwned");
    const argv = [`${EXECUTOR_FIXTURES}deploy`, `$(touch ${marker})`, "a b", "; rm -rf ~", "`id`", "*"];
    const lines: string[] = [];
    const result = await runCommand(argv, { cwd: dir, env, timeoutMs: 10_000, onLine: (l) => lines.push(l) });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, interrupted: false });
    expect(fixtureRuns(log)[0]!.argv).toEqual(argv.slice(1));
    expect(existsSync(marker)).toBe(false);
    expect(lines[0]).toBe(`deploy: ${argv.slice(1).join(" ")}`);
  });

  it("reports a failing command's exit code", async () => {
    const { dir, env } = setup({ ROLLSAFE_FIXTURE_FAIL: "deploy" });
    const result = await runCommand([`${EXECUTOR_FIXTURES}deploy`], { cwd: dir, env, timeoutMs: 10_000 });
    expect(result.exitCode).toBe(1);
    expect(describeResult(result, 10_000)).toBe("exit 1");
  });

  it("stops a command that runs past its time limit, and the processes it started", async () => {
    const { dir, log, env } = setup({ ROLLSAFE_FIXTURE_HANG: "deploy" });
    const result = await runCommand([`${EXECUTOR_FIXTURES}deploy`], { cwd: dir, env, timeoutMs: 700 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe("SIGTERM");
    expect(describeResult(result, 700)).toBe("timed out after 0.7 s and was stopped");
    const runs = fixtureRuns(log);
    const pids = [runs.find((r) => r.name === "deploy")!.pid, runs.find((r) => r.name === "deploy-child")!.pid];
    for (const pid of pids) expect(await waitUntilStopped(pid)).toBe(true);
  });

  it("stops the command when the run is interrupted", async () => {
    const { dir, log, env } = setup({ ROLLSAFE_FIXTURE_HANG: "deploy" });
    const controller = new AbortController();
    const running = runCommand([`${EXECUTOR_FIXTURES}deploy`], { cwd: dir, env, timeoutMs: 60_000, signal: controller.signal, onLine: (l) => l.includes("hanging") && controller.abort() });
    const result = await running;
    expect(result).toMatchObject({ interrupted: true, timedOut: false, signal: "SIGINT" });
    const child = fixtureRuns(log).find((r) => r.name === "deploy-child")!;
    expect(await waitUntilStopped(child.pid)).toBe(true);
    expect(isRunning(fixtureRuns(log)[0]!.pid)).toBe(false);
  });

  it("writes the input to the command's standard input", async () => {
    const { dir, log, env } = setup();
    await runCommand([`${EXECUTOR_FIXTURES}notify`, "--channel", "#ops"], { cwd: dir, env, timeoutMs: 10_000, input: '{"outcome":"succeeded"}\n' });
    expect(fixtureRuns(log)[0]).toMatchObject({ argv: ["--channel", "#ops"], stdin: '{"outcome":"succeeded"}\n' });
  });

  it("says so when the program does not exist", async () => {
    const { dir, env } = setup();
    const result = await runCommand(["rollsafe-no-such-program", "x"], { cwd: dir, env, timeoutMs: 10_000 });
    expect(result.exitCode).toBeNull();
    expect(result.startError).toBe("rollsafe-no-such-program: not found (is it installed and on PATH?)");
  });

  it("keeps stdout when asked (a previous-release lookup)", async () => {
    const { dir, env } = setup({ ROLLSAFE_FIXTURE_OUTPUT_PREVIOUS_RELEASE: '[{"headSha":"abc"}]' });
    const result = await runCommand([`${EXECUTOR_FIXTURES}previous-release`], { cwd: dir, env, timeoutMs: 10_000, capture: true });
    expect(result.stdout).toBe('[{"headSha":"abc"}]');
  });
});
