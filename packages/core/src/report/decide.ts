// Which rollback path a release takes (DESIGN.md §6): a pure function of what the release contains.
import type { Finding } from "../finding.js";
import type { UnanalysedStatement } from "../lint.js";
import type { CodeEvidence } from "./code-evidence.js";
import type { RollbackPath } from "./paths.js";
import type { Verdict } from "./verdict.js";

export interface DecisionInput {
  /** The migrations the release adds (present at the new ref and not at the old one). */
  checkedMigrations: number;
  /** Every finding on those migrations, overridden ones included. */
  findings: readonly Finding[];
  /** True when every migration of the release has a down part (golang-migrate, dbmate). */
  downAvailable: boolean;
  /** The release's statements the rules could not analyse, and its files that could not be read. */
  unanalysed?: readonly UnanalysedStatement[];
  /** What the previous release's code schema says of the breaking findings (code-evidence.ts): cleared ones do not block. */
  codeEvidence?: readonly CodeEvidence[];
}

export interface PathChoice {
  path: RollbackPath;
  /** One sentence naming the finding(s) that decided it. */
  reason: string;
}

export interface RollbackDecision extends PathChoice {
  /**
   * Whether the previous release runs against the new schema: `false` when a finding proves it
   * does not, "unknown" when nothing proves a break but something could not be analysed (the path is
   * then the one to take once a review finds those statements harmless), `true` otherwise.
   */
  verdict: Verdict;
  /** The findings that decided the path (empty for the two safe paths). */
  deciding: Finding[];
  /** What could not be analysed (it makes a safe path's verdict "unknown"). */
  unanalysed: UnanalysedStatement[];
  /** Other paths, in order of preference: migration-down is only ever the last resort. */
  alternatives: PathChoice[];
}

/**
 * Findings that count towards the decision: overridden ones too (an override acknowledges a break,
 * it does not make rollback safe), notes never.
 */
function counts(finding: Finding): boolean {
  return finding.severity !== "note";
}

/**
 * `data-loss`: findings whose main category is data-loss (TRUNCATE, DELETE or UPDATE without WHERE):
 * they destroy rows the application still uses. `breaking`: every finding with the breaking category,
 * including the drops whose data loss is their second category (a dropped column is a break to roll
 * forward from; the data it held is listed, and only a backup brings it back).
 */
export function findingsIn(findings: readonly Finding[], category: "breaking" | "data-loss"): Finding[] {
  return findings.filter((f) => counts(f) && (category === "data-loss" ? f.category === "data-loss" : f.categories.includes(category)));
}

export function decideRollbackPath(input: DecisionInput): RollbackDecision {
  const unanalysed = [...(input.unanalysed ?? [])];
  const decision = decideOnFindings(input);
  const verdict: Verdict = decision.deciding.length > 0 ? false : unanalysed.length > 0 ? "unknown" : true;
  if (verdict !== "unknown") return { ...decision, verdict, unanalysed };
  const count = countUnanalysed(unanalysed);
  return {
    ...decision,
    verdict,
    unanalysed,
    reason: `Nothing found breaks the previous release, but ${count} could not be analysed (${nameUnanalysed(unanalysed)}): the verdict is unknown until someone reviews ${unanalysed.length === 1 ? "it" : "them"}; ${decision.path} is the path only if the review finds ${unanalysed.length === 1 ? "it" : "them"} harmless.`,
    alternatives: [{ path: "roll-forward", reason: "If the review finds that they break the previous release." }, ...decision.alternatives],
  };
}

/** `1 statement`, `2 statements and 1 file`: how many statements and unreadable files. */
export function countUnanalysed(items: readonly UnanalysedStatement[]): string {
  const files = items.filter((u) => u.kind === "unreadable").length;
  const statements = items.length - files;
  return [statements > 0 ? plural(statements, "statement") : "", files > 0 ? plural(files, "file") : ""].filter(Boolean).join(" and ");
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** `unmodelled statement at migrations/3.sql:2` and `2 more`: how a reason names what was not analysed. */
export function nameUnanalysed(items: readonly UnanalysedStatement[]): string {
  const shown = items.slice(0, 3).map((u) => `${u.kind === "unreadable" ? "unreadable file" : u.kind === "syntax-error" ? "syntax error" : "unmodelled statement"} at ${unanalysedAt(u)}`);
  return items.length > 3 ? `${shown.join(", ")} and ${items.length - 3} more` : shown.join(", ");
}

/** `path:line`, or the path alone for a file that could not be read. */
export function unanalysedAt(item: UnanalysedStatement): string {
  return item.range ? `${item.path}:${item.range.start.line}` : item.path;
}

type FindingsDecision = Omit<RollbackDecision, "verdict" | "unanalysed">;

/** The decision tree over the findings alone (DESIGN.md §6). */
function decideOnFindings(input: DecisionInput): FindingsDecision {
  if (input.checkedMigrations === 0) {
    return { path: "service-rollback", reason: "The release has no migration: redeploy the previous release and verify its health.", deciding: [], alternatives: [] };
  }
  const dataLoss = findingsIn(input.findings, "data-loss");
  // A break the previous code cannot hit (its schema no longer declares what the SQL drops) does not block.
  const cleared = (input.codeEvidence ?? []).filter((e) => e.cleared);
  const clearedSet = new Set(cleared.map((e) => e.finding));
  const breaking = findingsIn(input.findings, "breaking").filter((f) => !clearedSet.has(f));
  const dropsData = breaking.filter((f) => f.categories.includes("data-loss"));
  const migrations = `${input.checkedMigrations} migration${input.checkedMigrations === 1 ? "" : "s"}`;
  const down: PathChoice[] = input.downAvailable
    ? [{ path: "migration-down", reason: `Last resort: every migration of the release has a down part; run them one step at a time, newest first, with explicit approval (data the release destroyed stays lost, and data written since may be lost too).` }]
    : [];
  if (dataLoss.length > 0) {
    const alternatives: PathChoice[] = [];
    if (breaking.length > 0) alternatives.push({ path: "roll-forward", reason: `Restores compatibility for the previous code (${name(breaking)}) but not the lost data.` });
    return {
      path: "disaster-recovery",
      reason: `${name(dataLoss, true)} ${dataLoss.length === 1 ? "destroys" : "destroy"} data that neither a code rollback nor a down migration brings back: recovery needs PITR or a backup restore.`,
      deciding: dataLoss,
      alternatives: [...alternatives, ...down],
    };
  }
  if (breaking.length > 0) {
    const also = dropsData.length === breaking.length ? (breaking.length === 1 ? "it also destroys" : "they also destroy") : `${name(dropsData)} also ${dropsData.length === 1 ? "destroys" : "destroy"}`;
    const lost = dropsData.length > 0 ? ` (${also} data, which only a backup brings back)` : "";
    const recover: PathChoice[] = dropsData.length > 0 ? [{ path: "disaster-recovery", reason: `Only if the data dropped by ${name(dropsData)} is still needed: restore it from a backup or PITR.` }] : [];
    return {
      path: "roll-forward",
      reason: `${name(breaking, true)} ${breaking.length === 1 ? "breaks" : "break"} the previous release against the new schema: ship a hotfix or a corrective forward migration${lost}.${keptBy(input.codeEvidence, breaking)}${clearedNote(cleared)}`,
      deciding: breaking,
      alternatives: [...recover, ...down],
    };
  }
  if (cleared.length > 0) {
    return {
      path: "schema-compatible-rollback",
      reason: `The previous release's code cannot hit the release's breaking ${cleared.length === 1 ? "change" : "changes"}: ${evidenceList(cleared)}. Roll the code back and leave the schema alone.${lostData(cleared)}`,
      deciding: [],
      alternatives: [],
    };
  }
  return {
    path: "schema-compatible-rollback",
    reason: `The release's ${migrations} have no breaking or data-loss finding, overridden or not: roll the code back and leave the schema alone.`,
    deciding: [],
    alternatives: [],
  };
}

/** `dropping-column at m/3.sql:2: v3.3.0's schema.ts no longer declares users.x; ...`: each item with its evidence. */
function evidenceList(items: readonly CodeEvidence[]): string {
  return items.map((e) => `${e.finding.ruleId} at ${e.finding.path}:${e.finding.range.start.line}: ${e.because}`).join("; ");
}

/** The data a cleared drop destroyed is still gone: rolling back does not bring it back. */
function lostData(cleared: readonly CodeEvidence[]): string {
  const drops = cleared.filter((e) => e.finding.categories.includes("data-loss"));
  if (drops.length === 0) return "";
  return ` The data dropped by ${name(drops.map((e) => e.finding))} is gone all the same: only a backup or PITR brings it back, so take one before the migration runs if it matters.`;
}

/** ` Code evidence cleared 2 other break(s): ...`, or nothing. */
function clearedNote(cleared: readonly CodeEvidence[]): string {
  return cleared.length > 0 ? ` Code evidence cleared ${cleared.length} other break(s): ${evidenceList(cleared)}.` : "";
}

/** ` Code evidence: v3.3.0's schema.ts still declares users.x: ...` for the deciding findings it has evidence on. */
function keptBy(evidence: readonly CodeEvidence[] | undefined, deciding: readonly Finding[]): string {
  const kept = (evidence ?? []).filter((e) => !e.cleared && deciding.includes(e.finding));
  return kept.length > 0 ? ` Code evidence: ${evidenceList(kept)}.` : "";
}

/** `dropping-column (migrations/3.sql:2)` and `2 more`: how a reason names findings. */
function name(findings: readonly Finding[], sentenceStart = false): string {
  const shown = findings.slice(0, 3).map((f) => `${f.ruleId}${f.overridden ? " (overridden)" : ""} at ${f.path}:${f.range.start.line}`);
  const more = findings.length - shown.length;
  const lead = sentenceStart ? (findings.length === 1 ? "Finding " : "Findings ") : "";
  return lead + (more > 0 ? `${shown.join(", ")} and ${more} more` : shown.length > 1 ? `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}` : shown[0]!);
}
