// The lock: one holder at a time; a stale lock of a dead process on this host is taken over; a lock
// of a live process, or of another host, never is.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock, LockBusyError } from "@rollsafe/executor";

function lockPath() {
  return join(mkdtempSync(join(tmpdir(), "rollsafe-lock-")), ".rollsafe", "rollback.lock");
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const result = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(result.stdout);
}

describe("acquireLock", () => {
  it("writes pid, host, command and start time, and removes the file on release", () => {
    const file = lockPath();
    const lock = acquireLock(file, "rollsafe rollback --to v1");
    const held = JSON.parse(readFileSync(file, "utf8"));
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), command: "rollsafe rollback --to v1" });
    expect(lock.tookOver).toBeUndefined();
    lock.release();
    expect(existsSync(file)).toBe(false);
    // Nothing left but the .gitignore that keeps .rollsafe/ out of git.
    expect(readdirSync(join(file, ".."))).toEqual([".gitignore"]);
  });

  it("refuses while a live process holds it, naming the holder", () => {
    const file = lockPath();
    const first = acquireLock(file, "first");
    expect(() => acquireLock(file, "second")).toThrow(LockBusyError);
    expect(() => acquireLock(file, "second")).toThrow(new RegExp(`first, pid ${process.pid} on ${hostname()}`));
    first.release();
    acquireLock(file, "third").release();
  });

  it("takes over a stale lock of a dead process on this host, with a warning", () => {
    const file = lockPath();
    const stale = acquireLock(file, "crashed run");
    const pid = deadPid();
    writeFileSync(file, JSON.stringify({ pid, host: hostname(), command: "crashed run", startedAt: "2020-01-01T00:00:00.000Z" }));
    const lock = acquireLock(file, "new run");
    expect(lock.tookOver).toBe(`took over a stale lock ${file}: crashed run, pid ${pid} on ${hostname()} since 2020-01-01T00:00:00.000Z is no longer running`);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ pid: process.pid, command: "new run" });
    // The crashed run's handle no longer removes a lock that is not its own.
    stale.release();
    expect(existsSync(file)).toBe(true);
    lock.release();
    // Nothing left but the .gitignore that keeps .rollsafe/ out of git.
    expect(readdirSync(join(file, ".."))).toEqual([".gitignore"]);
  });

  it("never takes over another host's lock, whose process it cannot check", () => {
    const file = lockPath();
    acquireLock(file, "x").release();
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: "other-host.example", command: "rollsafe rollback", startedAt: "2020-01-01T00:00:00.000Z" }));
    expect(() => acquireLock(file, "here")).toThrow(/on other-host\.example.*\(on another host: if that run is dead, delete the file\)/);
  });

  it("refuses an unreadable lock rather than guessing", () => {
    const file = lockPath();
    acquireLock(file, "x").release();
    writeFileSync(file, "garbage");
    expect(() => acquireLock(file, "here")).toThrow(/unreadable: if no rollback is running, delete the file/);
  });
});
