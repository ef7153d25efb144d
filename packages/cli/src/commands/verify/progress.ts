// Progress on a terminal for runs longer than a second: the file, statement N of M, elapsed time.
// One line on stderr, rewritten in place, and erased when the run ends; nothing when not a TTY.
import type { VerifyProgress } from "@rollsafe/verify";

const DELAY_MS = 1000;
const EVERY_MS = 100;

export class ProgressLine {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  static forStream(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): ProgressLine | undefined {
    return stream.isTTY && env.TERM !== "dumb" && !env.CI ? new ProgressLine(stream) : undefined;
  }

  update(progress: VerifyProgress): void {
    const now = performance.now();
    if (now - this.started < DELAY_MS || now - this.lastDraw < EVERY_MS) return;
    this.lastDraw = now;
    const elapsed = ((now - this.started) / 1000).toFixed(1);
    const line = `verifying ${progress.path}: statement ${progress.statement} of ${progress.statements} (migration ${progress.migration} of ${progress.migrations}), ${elapsed} s`;
    const width = (this.stream.columns ?? 100) - 1;
    this.stream.write(`\r${line.length > width ? `…${line.slice(line.length - width + 1)}` : line}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }
}
