// The release's rollback-safety score (docs/scoring.md): 100 minus a documented weight per finding.
import type { Category, Finding } from "../finding.js";

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

export function deductionFor(finding: Finding): Deduction | undefined {
  if (finding.severity === "note") return undefined;
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

export function gradeOf(score: number): Grade {
  return GRADE_BANDS.find(([, min]) => score >= min)?.[0] ?? "F";
}

export function scoreFindings(findings: readonly Finding[]): Score {
  const deductions = findings.map(deductionFor).filter((d): d is Deduction => d !== undefined);
  const lost = deductions.reduce((sum, d) => sum + d.points, 0);
  const score = Math.max(0, 100 - lost);
  return { score, grade: gradeOf(score), deductions, lost };
}
