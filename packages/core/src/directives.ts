// `-- compat: breaking (reason: ...)`: an explicit, reasoned decision to accept a finding.
import type { Comment, Range } from "@rollsafe/parser";
import { CATEGORIES, type Category } from "./finding.js";

export interface OverrideDirective {
  category: Category;
  /** Rule ids the directive is limited to; empty means every rule of the category. */
  rules: string[];
  reason: string;
  range: Range;
}

export interface DirectiveProblem {
  message: string;
  range: Range;
}

const PREFIX = /^(?:--+|\/\*+)\s*compat\s*:/i;
const BODY = /^compat\s*:\s*([A-Za-z-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/is;
const REASON = /^\(\s*reason\s*:(.*)\)$/is;

/** Whether a comment is meant as an override (so a malformed one is an error, not ignored). */
export function isDirectiveComment(comment: Comment): boolean {
  return PREFIX.test(comment.text);
}

export function parseDirective(comment: Comment, knownRuleIds: ReadonlySet<string>): OverrideDirective | DirectiveProblem {
  const body = comment.text.replace(/^--+\s*|^\/\*+\s*|\s*\*+\/$/g, "").trim();
  const match = BODY.exec(body);
  const range = comment.range;
  if (!match) return { message: "Cannot read this override. Write `-- compat: breaking (reason: <why this is acceptable>)`.", range };
  const [, categoryText = "", ruleList, rest = ""] = match;
  const category = categoryText.toLowerCase() as Category;
  if (!CATEGORIES.includes(category) || category === "analysis") {
    return { message: `Unknown category "${categoryText}" in override; use one of: ${CATEGORIES.filter((c) => c !== "analysis").join(", ")}.`, range };
  }
  const rules = (ruleList ?? "").split(",").map((r) => r.trim()).filter(Boolean);
  const unknown = rules.filter((r) => !knownRuleIds.has(r));
  if (unknown.length > 0) return { message: `Unknown rule id${unknown.length > 1 ? "s" : ""} in override: ${unknown.join(", ")}.`, range };
  const reason = REASON.exec(rest.trim())?.[1]?.trim();
  if (reason === undefined) return { message: "Override without a reason. Add `(reason: <why this is acceptable>)`: the reason is shown in every report.", range };
  if (reason === "") return { message: "Override with an empty reason. Say why the break is acceptable: the reason is shown in every report.", range };
  return { category, rules, reason, range };
}

export function isDirectiveProblem(value: OverrideDirective | DirectiveProblem): value is DirectiveProblem {
  return "message" in value;
}
