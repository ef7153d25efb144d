// A release's compatibility verdicts for deploy automation: rolling the code back, and both directions
// of a rolling update, each tri-state and each with the reasons that decided it (docs/release-safety.md).
import type { Statement } from "@rollsafe/parser";
import type { UnanalysedStatement } from "../lint.js";
import type { RuleContext } from "../rule.js";
import type { RollbackDecision } from "./decide.js";
import { newCodeOldSchemaIssues, type DirectionIssue } from "./new-code-old-schema.js";
import { allSafe, type Verdict } from "./verdict.js";

/** Why a verdict is not `true`: a finding, a statement the new code cannot run without, or a gap. */
export interface CompatibilityReason {
  verdict: false | "unknown";
  path: string;
  /** Absent for a file that could not be read. */
  line?: number;
  ruleId?: string;
  message: string;
}

export type DeployOrder = "migrations-first" | "code-first";

export interface DirectionVerdict {
  safe: Verdict;
  /** The deploy order in which this direction happens. */
  deployOrder: DeployOrder;
  /** What the deploy order means, in one sentence. */
  assumes: string;
  reasons: CompatibilityReason[];
}

export interface Compatibility {
  /** Whether the previous release's code runs against the new schema after a code rollback. */
  rollbackSafe: Verdict;
  /** A rolling update with migrations run before the new code starts: the old code meets the new schema. */
  rollingUpdateSafe: Verdict;
  oldCodeNewSchema: DirectionVerdict;
  newCodeOldSchema: DirectionVerdict;
  /** The order in which a rolling update is safe (`migrations-first` preferred), or null when neither is known to be. */
  safeDeployOrder: DeployOrder | null;
}

export const DEPLOY_ORDERS: Record<DeployOrder, string> = {
  "migrations-first": "migrations run before the new code starts (a pre-deploy job, or at the first new instance's boot): old instances keep serving against the new schema until they are replaced",
  "code-first": "the new code starts before the migrations run (post-deploy migrations): new instances serve against the old schema until the migrations finish",
};

function gapReasons(unanalysed: readonly UnanalysedStatement[]): CompatibilityReason[] {
  return unanalysed.map((u) => ({ verdict: "unknown", path: u.path, ...(u.range ? { line: u.range.start.line } : {}), message: `not analysed: ${u.why}` }));
}

export function releaseCompatibility(decision: RollbackDecision, newCodeIssues: readonly DirectionIssue[]): Compatibility {
  const gaps = gapReasons(decision.unanalysed);
  const oldCode: DirectionVerdict = {
    safe: decision.verdict,
    deployOrder: "migrations-first",
    assumes: DEPLOY_ORDERS["migrations-first"],
    reasons: [...decision.deciding.map((f): CompatibilityReason => ({ verdict: false, path: f.path, line: f.range.start.line, ruleId: f.ruleId, message: f.message })), ...gaps],
  };
  const newCodeReasons: CompatibilityReason[] = [...newCodeIssues.map((i): CompatibilityReason => ({ verdict: i.verdict, path: i.path, line: i.range.start.line, message: i.message })), ...gaps];
  const newCode: DirectionVerdict = {
    safe: allSafe(newCodeReasons.map((r) => r.verdict)),
    deployOrder: "code-first",
    assumes: DEPLOY_ORDERS["code-first"],
    reasons: newCodeReasons,
  };
  return {
    rollbackSafe: decision.verdict,
    rollingUpdateSafe: oldCode.safe,
    oldCodeNewSchema: oldCode,
    newCodeOldSchema: newCode,
    safeDeployOrder: oldCode.safe === true ? "migrations-first" : newCode.safe === true ? "code-first" : null,
  };
}

/**
 * An engine hook (`LintOptions.onStatement`) that records, in the same pass as the rules, what each
 * checked statement means for the new code running against the schema before it.
 */
export function newCodeOldSchemaCollector(): { onStatement: (statement: Statement, context: RuleContext, path: string) => void; issues: DirectionIssue[] } {
  const issues: DirectionIssue[] = [];
  return { issues, onStatement: (statement, context, path) => issues.push(...newCodeOldSchemaIssues(statement, context, path)) };
}
