// A release's rollback assessment: the path, the score and the corrective migrations, from the
// findings on the migrations the release adds (DESIGN.md §3 step 5).
import type { Migration, MigrationSet } from "@rollsafe/parser";
import type { Finding } from "../finding.js";
import { correctiveMigrations, type Corrective } from "./corrective.js";
import { decideRollbackPath, type RollbackDecision } from "./decide.js";
import { releaseEvidence, type Evidence, type ObservedEvidence } from "./evidence.js";
import { scoreFindings, type Score } from "./score.js";

export interface ReleaseAssessment {
  decision: RollbackDecision;
  score: Score;
  /** Per breaking finding, the forward migration that restores compatibility (or why there is none). */
  correctives: Corrective[];
  /** What the verdict rests on, and what was not checked. */
  evidence: Evidence[];
}

export interface AssessInput {
  /** Every set as read at the new ref (history included: correctives need the schema before each statement). */
  sets: readonly MigrationSet[];
  /** The migrations the release adds. */
  checked: readonly Migration[];
  /** The findings on them. */
  findings: readonly Finding[];
  /** What `rollsafe verify` observed for them, when it ran (`report --verify`). */
  observed?: ObservedEvidence;
}

/** Whether every migration has a down part with some SQL in it. */
export function allHaveDown(migrations: readonly Migration[]): boolean {
  return migrations.length > 0 && migrations.every((m) => m.down !== undefined && /\S/.test(m.down.text.replace(/--[^\n]*/g, "")));
}

export function assessRelease(input: AssessInput): ReleaseAssessment {
  return {
    decision: decideRollbackPath({ checkedMigrations: input.checked.length, findings: input.findings, downAvailable: allHaveDown(input.checked) }),
    score: scoreFindings(input.findings),
    correctives: correctiveMigrations(input.sets, input.findings),
    evidence: releaseEvidence(input.checked.length, input.findings, input.observed),
  };
}
