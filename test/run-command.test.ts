// The executor's command runner with real processes: a step is over when its command exits, even when
// a process it left in the background (setsid, nohup) still holds the output pipes open.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCommand } from "@rollsafe/executor";
import { isRunning, waitUntilStopped } from "./support/processes.js";

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
});

/** A node script that starts a grandchild in a session of its own (as `setsid sleep 600 &` does),
 * holding our stdout, writes the grandchild's pid to `pidFile`, prints a line, then `then`. */
function leavesDaemon(pidFile: string, then: "exit" | "hang"): string[] {
  const script = `
    const { spawn } = require("node:child_process");
    const { writeFileSync } = require("node:fs");
    const g = spawn(process.execPath, ["-e", "setTimeout(() => {}, 600000)"], { detached: true, stdio: ["ignore", "inherit", "inherit"] });
    g.unref();
    writeFileSync(${JSON.stringify(pidFile)}, String(g.pid));
    console.log("deployed");
    ${then === "hang" ? "setInterval(() => {}, 1000);" : "process.exit(0);"}
  `;
  return [process.execPath, "-e", script];
}

function grandchild(pidFile: string): number {
  const pid = Number(readFileSync(pidFile, "utf8"));
  started.push(pid);
  return pid;
}

describe("runCommand: the command's exit ends the step, not its pipes", () => {
  it("a command that exits 0 after starting a daemon holding stdout is ok, its output kept, the daemon left running", async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), "rollsafe-run-")), "pid");
    const lines: string[] = [];
    const result = await runCommand(leavesDaemon(pidFile, "exit"), { cwd: tmpdir(), env: process.env, timeoutMs: 60_000, capture: true, onLine: (l) => lines.push(l) });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, interrupted: false, outputLeftOpen: true });
    expect(result.stdout).toBe("deployed");
    expect(lines).toEqual(["deployed"]);
    // Not ours to stop: `nohup svc &` after a deploy is what the deploy meant to leave running.
    expect(isRunning(grandchild(pidFile))).toBe(true);
  }, 20_000);

  it("a command past its time limit is stopped and the step ends, though a process in another session holds stdout", async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), "rollsafe-run-")), "pid");
    const result = await runCommand(leavesDaemon(pidFile, "hang"), { cwd: tmpdir(), env: process.env, timeoutMs: 1000 });
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: "SIGTERM" });
    expect(grandchild(pidFile)).toBeGreaterThan(0);
  }, 20_000);

  it("Ctrl-C stops a command whose daemon holds stdout, and the step ends", async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), "rollsafe-run-")), "pid");
    const abort = new AbortController();
    const lines: string[] = [];
    const done = runCommand(leavesDaemon(pidFile, "hang"), { cwd: tmpdir(), env: process.env, timeoutMs: 600_000, signal: abort.signal, onLine: (l) => {
      lines.push(l);
      abort.abort();
    } });
    const result = await done;
    expect(result).toMatchObject({ interrupted: true, timedOut: false });
    expect(lines).toEqual(["deployed"]);
    expect(grandchild(pidFile)).toBeGreaterThan(0);
  }, 20_000);

  it("a command whose pipes close with it still gives all of its output", async () => {
    const script = "for (let i = 0; i < 2000; i++) console.log('line ' + i);";
    const result = await runCommand([process.execPath, "-e", script], { cwd: tmpdir(), env: process.env, timeoutMs: 60_000, capture: true });
    expect(result.exitCode).toBe(0);
    expect(result.outputLeftOpen).toBeUndefined();
    expect(result.stdout?.split("\n")).toHaveLength(2000);
  });

  it("the processes a timed-out command started in its own group are stopped with it", async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), "rollsafe-run-")), "pid");
    const script = `
      const { spawn } = require("node:child_process");
      const c = spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); setTimeout(() => {}, 600000)"], { stdio: "inherit" });
      require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));
      process.on("SIGTERM", () => process.exit(143));
      setInterval(() => {}, 1000);
    `;
    const result = await runCommand([process.execPath, "-e", script], { cwd: tmpdir(), env: process.env, timeoutMs: 1000 });
    expect(result.timedOut).toBe(true);
    expect(await waitUntilStopped(grandchild(pidFile))).toBe(true);
  }, 20_000);
});
