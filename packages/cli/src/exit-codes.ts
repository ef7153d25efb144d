/** Exit codes, the same for every command (DESIGN.md §9). */
export const EXIT = {
  ok: 0,
  /** Findings that fail the run, or an unsafe verdict. */
  findings: 1,
  /** A usage or configuration mistake: nothing was checked. */
  usage: 2,
  interrupted: 130,
} as const;
