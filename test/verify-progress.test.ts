// The progress line of `rollsafe verify`: only on a terminal, only after a second, one line rewritten in
// place and erased at the end.
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { ProgressLine } from "../packages/cli/src/commands/verify/progress.js";

function terminal(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 60 }) as unknown as NodeJS.WriteStream & PassThrough;
  let written = "";
  stream.on("data", (d: Buffer) => (written += d.toString()));
  return { stream, written: () => written };
}

const STEP = { path: "drizzle/0001_expand.sql", statement: 3, statements: 12, migration: 2, migrations: 3 };

describe("ProgressLine", () => {
  it("is off when stderr is not a terminal, in CI, and on a dumb terminal", () => {
    expect(ProgressLine.forStream(terminal(false).stream, {})).toBeUndefined();
    expect(ProgressLine.forStream(terminal(true).stream, { CI: "true" })).toBeUndefined();
    expect(ProgressLine.forStream(terminal(true).stream, { TERM: "dumb" })).toBeUndefined();
  });

  it("says nothing during the first second, then shows file, statement N of M and the time, and erases itself", () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    try {
      const { stream, written } = terminal(true);
      const line = ProgressLine.forStream(stream, {})!;
      line.update(STEP);
      expect(written()).toBe("");
      vi.advanceTimersByTime(1500);
      line.update(STEP);
      // \r, the line cut to the terminal's width, then "erase to the end of the line".
      const ERASE = "\u001b[K";
      expect(written().startsWith("\r…")).toBe(true);
      expect(written().endsWith(`statement 3 of 12 (migration 2 of 3), 1.5 s${ERASE}`)).toBe(true);
      expect(written().length - 1 - ERASE.length).toBeLessThanOrEqual(59);
      line.clear();
      expect(written().endsWith(`\r${ERASE}`)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
