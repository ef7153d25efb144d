// The lock that keeps two rollbacks (or a rollback and a migrate-down) from running at once: a file
// holding the holder's pid, host, command and start time. It is created whole or not at all (written
// to a private file, then hard-linked into place, which fails if the lock exists). A lock left by a
// dead process on this host is stale and taken over with a warning; a lock from another host is
// never taken over, since its process cannot be checked from here.
import { linkSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { makeStateDir } from "@rollsafe/core";

/** The lock file, relative to the config file's folder: shared by `rollback` and `migrate-down`. */
export const LOCK_FILE = ".rollsafe/rollback.lock";

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** The command step running now: its process group outlives a holder killed with -9. */
  step?: { name: string; pgid: number };
}

export interface HeldLock {
  file: string;
  holder: LockHolder;
  /** Set when a stale lock was taken over: the warning to print and record. */
  tookOver?: string;
  /** Records the command step now running (its process group) in the lock. */
  noteStep(name: string, pgid: number): void;
  release(): void;
}

/** Another run holds the lock. */
export class LockBusyError extends Error {
  override name = "LockBusyError";
  constructor(
    readonly file: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      holder && orphanedStep(holder)
        ? `the run that holds the lock ${file} (${holder.command}, pid ${holder.pid}) is gone, but its step ${holder.step!.name} is still running (process group ${holder.step!.pgid}): let it finish or stop it (kill -- -${holder.step!.pgid}), then run again`
        : holder
        ? `another run holds the lock ${file}: ${holder.command}, pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}${holder.host === hostname() ? "" : " (on another host: if that run is dead, delete the file)"}`
        : `another run holds the lock ${file} (unreadable: if no rollback is running, delete the file)`,
    );
  }
}

export function acquireLock(file: string, command: string): HeldLock {
  makeStateDir(dirname(file));
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  const text = `${JSON.stringify(holder)}\n`;
  if (tryCreate(file, text)) return held(file, holder);
  const current = readHolder(file);
  if (!current || !isStale(current)) throw new LockBusyError(file, current);
  const tookOver = takeOver(file, current, text);
  return { ...held(file, holder), tookOver };
}

function held(file: string, holder: LockHolder): HeldLock {
  let released = false;
  return {
    file,
    holder,
    noteStep(name, pgid) {
      if (released) return;
      const aside = `${file}.${process.pid}.step.tmp`;
      try {
        writeFileSync(aside, `${JSON.stringify({ ...holder, step: { name, pgid } })}\n`);
        renameSync(aside, file);
      } catch {
        // The lock without the step still keeps other runs out while this process lives.
      }
    },
    release() {
      if (released) return;
      released = true;
      // Only our own lock is removed (a lock taken over from us after a long pause is not).
      const now = readHolder(file);
      if (now && now.pid === holder.pid && now.host === holder.host && now.startedAt === holder.startedAt) unlinkSync(file);
    },
  };
}

/** Writes the lock whole: a private file linked into place (EEXIST when a lock is there). */
function tryCreate(file: string, text: string): boolean {
  const mine = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(mine, text, { flag: "wx" });
  try {
    linkSync(mine, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(mine);
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    if (typeof value.pid === "number" && typeof value.host === "string") {
      const holder: LockHolder = { pid: value.pid, host: value.host, command: String(value.command ?? "?"), startedAt: String(value.startedAt ?? "?") };
      if (typeof value.step?.pgid === "number") holder.step = { name: String(value.step.name ?? "?"), pgid: value.step.pgid };
      return holder;
    }
  } catch {
    // Missing or unreadable: not a lock we can judge.
  }
  return undefined;
}

/** A lock of this host whose process no longer exists, nor the process group of the step it ran. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  return gone(holder.pid) && !orphanedStep(holder);
}

/** The holder is gone but the step it was running (a deploy) still is: the next run would race it. */
function orphanedStep(holder: LockHolder): boolean {
  return holder.host === hostname() && holder.step !== undefined && gone(holder.pid) && groupRunning(holder.step.pgid);
}

/**
 * Whether a process of the group is still running. On Linux /proc is read, so that zombies (a killed
 * deploy whose parent died, not yet reaped by init) do not count; elsewhere, whether the group exists.
 */
function groupRunning(pgid: number): boolean {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((n) => /^\d+$/.test(n));
  } catch {
    return !gone(-pgid);
  }
  return pids.some((pid) => {
    try {
      // stat: `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return Number(pgrp) === pgid && state !== "Z" && state !== "X";
    } catch {
      return false;
    }
  });
}

/** No such process (a negative id: no such process group). EPERM: it exists, someone else's. */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Moves the stale lock aside (rename is atomic: of two runs doing this at once, each moves whatever
 * file is there), checks that what it moved is the stale lock it judged, and creates its own. If it
 * moved a live lock instead (another run took over first), it puts it back and gives up.
 */
function takeOver(file: string, stale: LockHolder, text: string): string {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    throw new LockBusyError(file, readHolder(file));
  }
  const moved = readHolder(aside);
  if (!moved || moved.pid !== stale.pid || moved.startedAt !== stale.startedAt) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone holds it again already.
    }
    unlinkSync(aside);
    throw new LockBusyError(file, moved);
  }
  unlinkSync(aside);
  if (!tryCreate(file, text)) throw new LockBusyError(file, readHolder(file));
  return `took over a stale lock ${file}: ${stale.command}, pid ${stale.pid} on ${stale.host} since ${stale.startedAt} is no longer running`;
}
