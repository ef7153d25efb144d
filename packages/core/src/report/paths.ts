/** The rollback paths of a release, safest first (DESIGN.md §6). */
export const ROLLBACK_PATHS = ["service-rollback", "schema-compatible-rollback", "roll-forward", "migration-down", "disaster-recovery"] as const;
export type RollbackPath = (typeof ROLLBACK_PATHS)[number];

/** The paths on which rolling the code back is safe: `rollsafe report` exits 0 on them. */
export function isSafePath(path: RollbackPath): boolean {
  return path === "service-rollback" || path === "schema-compatible-rollback";
}
