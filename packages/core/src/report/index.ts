export { ROLLBACK_PATHS, isSafePath, type RollbackPath } from "./paths.js";
export { decideRollbackPath, findingsIn, type DecisionInput, type PathChoice, type RollbackDecision } from "./decide.js";
export { scoreFindings, deductionFor, gradeOf, ERROR_WEIGHTS, WARNING_WEIGHT, OVERRIDDEN_WEIGHT, GRADE_BANDS, type Grade, type Deduction, type Score } from "./score.js";
export { correctiveMigrations, type Corrective } from "./corrective.js";
export { buildRunbook, type Runbook, type RunbookStep, type RunbookInput } from "./runbook.js";
export { releaseEvidence, type Evidence, type ObservedEvidence } from "./evidence.js";
export { assessRelease, allHaveDown, type ReleaseAssessment, type AssessInput } from "./assess.js";
