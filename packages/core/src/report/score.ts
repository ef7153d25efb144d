// The release's rollback-safety score (docs/scoring.md): 100 minus a documented weight per finding.
import type { Category, Finding } from "../finding.js";
import type { CodeEvidence } from "./code-evidence.js";

/** Points an unoverridden error costs, by category (a finding costs the weight of its heaviest category). */
export const ERROR_WEIGHTS: Readonly<Record<Category, number>> = {
  "data-loss": 30,
  breaking: 25,
  integrity: 15,
  locking: 10,
  analysis: 10,
  hygiene: 3,
};
/** Points a warning costs, whatever its category. */
export const WARNING_WEIGHT = 3;
/** Points an overridden finding still costs (an override acknowledges a break, it does not undo it). */
export const OVERRIDDEN_WEIGHT = 10;

export type Grade = "A" | "B" | "C" | "D" | "F";
/** The lowest score of each grade. */
export const GRADE_BANDS: ReadonlyArray<readonly [Grade, number]> = [
  ["A", 90],
  ["B", 75],
  ["C", 60],
  ["D", 40],
  ["F", 0],
];

export interface Deduction {
  finding: Finding;
  points: number;
  /** Why this many points: the weight applied, and the override's reason when there is one. */
  reason: string;
}

export interface Score {
  score: number;
  grade: Grade;
  /** Every point lost, next to the finding that cost it, in the findings' order. */
  deductions: Deduction[];
  /** The sum of the deductions (the score is 100 minus this, capped at 0). */
  lost: number;
}

/**
 * `cleared`: the code evidence that the previous code cannot hit the finding's break. The break then
 * costs nothing; its other categories still do (a dropped column's data is lost all the same).
 */
export function deductionFor(finding: Finding, cleared?: CodeEvidence): Deduction | undefined {
  if (finding.severity === "note") return undefined;
  if (cleared) return clearedDeduction(finding, cleared);
  const heaviest = [...finding.categories].sort((a, b) => ERROR_WEIGHTS[b] - ERROR_WEIGHTS[a])[0] ?? finding.category;
  if (finding.severity === "warn") {
    const points = Math.min(WARNING_WEIGHT, ERROR_WEIGHTS[heaviest]);
    return { finding, points, reason: `${heaviest} warning${finding.overridden ? ` (overridden: ${finding.overridden.reason})` : ""}` };
  }
  if (finding.overridden) {
    const points = Math.min(OVERRIDDEN_WEIGHT, ERROR_WEIGHTS[heaviest]);
    return { finding, points, reason: `overridden ${heaviest} error, still counted (reason: ${finding.overridden.reason})` };
  }
  return { finding, points: ERROR_WEIGHTS[heaviest], reason: `${heaviest} error` };
}

function clearedDeduction(finding: Finding, cleared: CodeEvidence): Deduction {
  const rest = finding.categories.filter((c) => c !== "breaking");
  const heaviest = [...rest].sort((a, b) => ERROR_WEIGHTS[b] - ERROR_WEIGHTS[a])[0];
  const because = `not a rollback break: ${cleared.because}`;
  if (!heaviest) return { finding, points: 0, reason: because };
  const weight = finding.severity === "warn" ? Math.min(WARNING_WEIGHT, ERROR_WEIGHTS[heaviest]) : finding.overridden ? Math.min(OVERRIDDEN_WEIGHT, ERROR_WEIGHTS[heaviest]) : ERROR_WEIGHTS[heaviest];
  return { finding, points: weight, reason: `${heaviest} ${finding.severity === "warn" ? "warning" : "error"} (${because})` };
}

export function gradeOf(score: number): Grade {
  return GRADE_BANDS.find(([, min]) => score >= min)?.[0] ?? "F";
}

export function scoreFindings(findings: readonly Finding[], evidence: readonly CodeEvidence[] = []): Score {
  const cleared = new Map(evidence.filter((e) => e.cleared).map((e) => [e.finding, e] as const));
  const deductions = findings.map((f) => deductionFor(f, cleared.get(f))).filter((d): d is Deduction => d !== undefined);
  const lost = deductions.reduce((sum, d) => sum + d.points, 0);
  const score = Math.max(0, 100 - lost);
  return { score, grade: gradeOf(score), deductions, lost };
}
