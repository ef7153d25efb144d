// ROLLSAFE_TIMING=1 prints where a run's time went (to stderr), like ESLint's TIMING: the numbers
// behind docs/architecture.md's performance notes, and a way for users to see what is slow.
export class Timing {
  private last = performance.now();
  private readonly phases: Array<[string, number]> = [["node start-up and module loading", this.last]];

  static fromEnv(env: NodeJS.ProcessEnv): Timing | undefined {
    return env.ROLLSAFE_TIMING ? new Timing() : undefined;
  }

  /** Ends the current phase under this name. */
  mark(phase: string): void {
    const now = performance.now();
    this.phases.push([phase, now - this.last]);
    this.last = now;
  }

  report(): string {
    const rows = this.phases.map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${name}`);
    return `${rows.join("\n")}\n${performance.now().toFixed(1).padStart(8)} ms  total since process start\n`;
  }
}
