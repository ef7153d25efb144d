// A release's rollback assessment: the path, the score and the corrective migrations, from the
// findings on the migrations the release adds (DESIGN.md §3 step 5).
import type { Migration, MigrationSet } from "@rollsafe/parser";
import type { Finding } from "../finding.js";
import type { UnanalysedStatement } from "../lint.js";
import { codeEvidence, type CodeEvidence } from "./code-evidence.js";
import type { CodeSchema } from "./code-schema.js";
import { releaseCompatibility, type Compatibility } from "./compatibility.js";
import { correctiveMigrations, type Corrective } from "./corrective.js";
import { decideRollbackPath, type RollbackDecision } from "./decide.js";
import { releaseEvidence, type Evidence } from "./evidence.js";
import type { DirectionIssue } from "./new-code-old-schema.js";
import { scoreFindings, type Score } from "./score.js";

export interface ReleaseAssessment {
  decision: RollbackDecision;
  score: Score;
  /** Per breaking finding, the forward migration that restores compatibility (or why there is none). */
  correctives: Corrective[];
  /** What the verdict rests on, and what was not checked. */
  evidence: Evidence[];
  /** The tri-state verdicts for rollback and both directions of a rolling update. */
  compatibility: Compatibility;
  /** What the previous release's code schema says of each breaking finding it can speak to (empty without one). */
  codeEvidence: CodeEvidence[];
}

export interface AssessInput {
  /** Every set as read at the new ref (history included: correctives need the schema before each statement). */
  sets: readonly MigrationSet[];
  /** The migrations the release adds. */
  checked: readonly Migration[];
  /** The findings on them. */
  findings: readonly Finding[];
  /** Their statements the rules could not analyse, and files that could not be read. */
  unanalysed?: readonly UnanalysedStatement[];
  /** What their statements mean for the new code on the old schema (`newCodeOldSchemaCollector`). */
  newCodeIssues?: readonly DirectionIssue[];
  /** False to skip the corrective migrations (they re-read every set): a release timeline shows none. */
  correctives?: boolean;
  /** The previous release's code schema (its ORM's schema at the range's start), when one was found. */
  codeSchema?: CodeSchema;
}

/** Whether every migration has a down part with some SQL in it. */
export function allHaveDown(migrations: readonly Migration[]): boolean {
  return migrations.length > 0 && migrations.every((m) => m.down !== undefined && /\S/.test(m.down.text.replace(/--[^\n]*/g, "")));
}

/** Whether a migration the release adds is in a drizzle-kit folder that keeps snapshots. */
function hasDrizzleSnapshots(input: AssessInput): boolean {
  const checked = new Set(input.checked);
  return input.sets.some((set) => set.journal?.metaFiles.some((f) => f.endsWith("_snapshot.json")) && set.migrations.some((m) => checked.has(m)));
}

export function assessRelease(input: AssessInput): ReleaseAssessment {
  const evidence = codeEvidence(input.findings, input.codeSchema);
  const decision = decideRollbackPath({ checkedMigrations: input.checked.length, findings: input.findings, downAvailable: allHaveDown(input.checked), unanalysed: input.unanalysed ?? [], codeEvidence: evidence });
  // A cleared break needs no corrective: the previous code does not use what it drops.
  const cleared = new Set(evidence.filter((e) => e.cleared).map((e) => e.finding));
  return {
    decision,
    score: scoreFindings(input.findings, evidence),
    correctives: input.correctives === false ? [] : correctiveMigrations(input.sets, input.findings.filter((f) => !cleared.has(f))),
    evidence: releaseEvidence(input.checked.length, input.findings, input.unanalysed ?? [], hasDrizzleSnapshots(input), input.codeSchema ? { schema: input.codeSchema, evidence } : undefined),
    codeEvidence: evidence,
    compatibility: releaseCompatibility(decision, input.newCodeIssues ?? []),
  };
}
