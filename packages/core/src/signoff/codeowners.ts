// GitHub's CODEOWNERS: which owners a file has. The patterns are matched by `ignore` (gitignore
// semantics, as GitHub documents them), with GitHub's differences applied here:
// - the last matching line wins, and a line without owners leaves its files without owners;
// - `docs/*` owns the files directly in docs/, not those in its sub-folders (gitignore would match
//   the sub-folder `docs/sub` and so everything in it);
// - no `!` negation (the line is skipped), no `[...]` ranges (the brackets are literal characters);
// - paths are case-sensitive; `#` starts a comment, also after a pattern and its owners;
// - a line with an owner that is not `@user`, `@org/team` or an e-mail address is skipped.
import ignore, { type Ignore } from "ignore";
import { parseApprover, type Approver } from "./approvers.js";

/** Where GitHub looks, in this order; the first that exists is used. */
export const CODEOWNERS_LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

export interface CodeownersRule {
  /** 1-based line in the file. */
  line: number;
  pattern: string;
  owners: Approver[];
}

/** A line GitHub would skip, with where and why. */
export interface CodeownersProblem {
  line: number;
  column: number;
  message: string;
}

export interface Codeowners {
  /** The file's path in the repository (`.github/CODEOWNERS`). */
  path: string;
  rules: CodeownersRule[];
  problems: CodeownersProblem[];
}

export function parseCodeowners(text: string, path: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const tokens = tokenize(raw);
    if (tokens.length === 0) return;
    const [pattern, ...owners] = tokens;
    if (pattern!.text.startsWith("!")) {
      problems.push({ line, column: pattern!.column, message: `"${pattern!.text}": negation (!) does not work in CODEOWNERS; the line is skipped, as GitHub skips it` });
      return;
    }
    const parsed: Approver[] = [];
    for (const owner of owners) {
      const approver = parseApprover(owner.text);
      if (!approver || (approver.kind === "user" && !owner.text.startsWith("@"))) {
        problems.push({ line, column: owner.column, message: `"${owner.text}" is not an @user, @org/team or e-mail owner; the line is skipped, as GitHub skips it` });
        return;
      }
      parsed.push(approver);
    }
    rules.push({ line, pattern: pattern!.text, owners: parsed });
  });
  return { path, rules, problems };
}

interface Token {
  text: string;
  /** 1-based. */
  column: number;
}

/** Splits a line at unescaped whitespace; a token starting with `#` starts a comment. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let current = "";
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "\\" && i + 1 < line.length) {
      if (current === "") start = i;
      current += ch + line[++i];
    } else if (ch === " " || ch === "\t") {
      if (current !== "") tokens.push({ text: current, column: start + 1 });
      current = "";
    } else if (ch === "#" && current === "") {
      break;
    } else {
      if (current === "") start = i;
      current += ch;
    }
  }
  if (current !== "") tokens.push({ text: current, column: start + 1 });
  return tokens;
}

const matchers = new WeakMap<CodeownersRule, Ignore>();

/** Whether a rule's pattern owns a file (path relative to the repository root, forward slashes). */
export function ruleMatches(rule: CodeownersRule, path: string): boolean {
  let matcher = matchers.get(rule);
  if (!matcher) {
    // Brackets are literal in CODEOWNERS: escape them so `ignore` does not read a character range.
    matcher = ignore({ ignorecase: false }).add(rule.pattern.replace(/(?<!\\)([[\]])/g, "\\$1"));
    matchers.set(rule, matcher);
  }
  if (!matcher.ignores(path)) return false;
  // A pattern ending in `/*` owns a folder's direct files only: not a file matched through its sub-folder.
  if (!/\/\*$/.test(rule.pattern)) return true;
  const slash = path.lastIndexOf("/");
  return slash < 0 || !matcher.ignores(path.slice(0, slash + 1));
}

/** The owners of a file: those of the last line whose pattern matches it (none when no line matches). */
export function ownersOf(codeowners: Codeowners, path: string): { rule: CodeownersRule | undefined; owners: Approver[] } {
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i]!;
    if (ruleMatches(rule, path)) return { rule, owners: rule.owners };
  }
  return { rule: undefined, owners: [] };
}
