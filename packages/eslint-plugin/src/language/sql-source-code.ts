// ESLint's view of an SQL file: text, tree, traversal, inline configuration comments, and the
// rollsafe findings, computed once per file for exactly the rules ESLint enabled.
import type { FileProblem, RulesConfig, SourceLocation } from "@eslint/core";
import { ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep } from "@eslint/plugin-kit";
import type { Finding } from "@rollsafe/core";
import { lintPrepared, type PreparedFile } from "../migration/file-lint.js";
import { commentNode, type SqlCommentNode, type SqlFileNode, type SqlNode } from "./ast.js";
import { allComments } from "./comments.js";
import type { SqlLanguageOptions } from "./language-options.js";

const commentParser = new ConfigCommentParser();
const INLINE_CONFIG = /^\s*(?:eslint(?:-enable|-disable(?:(?:-next)?-line)?)?)(?:\s|$)/u;

type SourceCodeOptions = { LangOptions: SqlLanguageOptions; RootNode: SqlFileNode; SyntaxElementWithLoc: SqlNode | SqlCommentNode; ConfigNode: SqlCommentNode };

export class SqlSourceCode extends TextSourceCodeBase<SourceCodeOptions> {
  readonly #prepared: PreparedFile;
  readonly #parents = new WeakMap<SqlNode, SqlNode>();
  #steps: VisitNodeStep[] | undefined;
  #inlineConfigComments: SqlCommentNode[] | undefined;
  readonly #enabledRules = new Set<string>();
  #findings: { forRules: number; byRule: Map<string, Finding[]> } | undefined;

  constructor(text: string, ast: SqlFileNode, prepared: PreparedFile) {
    // The parser counts a lone \r as a line break too, as editors do.
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.#prepared = prepared;
  }

  /** Called by each rollsafe rule ESLint creates for this file (ESLint creates every enabled rule before the traversal). */
  enableRule(ruleId: string): void {
    this.#enabledRules.add(ruleId);
  }

  /** The findings of one rule, not overridden by a `-- compat:` directive; the engine runs once for all enabled rules. */
  findingsOf(ruleId: string): Finding[] {
    if (!this.#findings || this.#findings.forRules !== this.#enabledRules.size) {
      const byRule = new Map<string, Finding[]>();
      for (const finding of lintPrepared(this.#prepared, this.#enabledRules)) {
        if (finding.overridden) continue;
        byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
      }
      this.#findings = { forRules: this.#enabledRules.size, byRule };
    }
    return this.#findings.byRule.get(ruleId) ?? [];
  }

  override getParent(node: SqlNode): SqlNode | undefined {
    return this.#parents.get(node);
  }

  override traverse(): Iterable<VisitNodeStep> {
    if (this.#steps) return this.#steps.values();
    const root = this.ast;
    const steps: VisitNodeStep[] = [new VisitNodeStep({ target: root, phase: 1, args: [root, undefined] })];
    for (const statement of root.body) {
      this.#parents.set(statement, root);
      steps.push(new VisitNodeStep({ target: statement, phase: 1, args: [statement, root] }), new VisitNodeStep({ target: statement, phase: 2, args: [statement, root] }));
    }
    steps.push(new VisitNodeStep({ target: root, phase: 2, args: [root, undefined] }));
    this.#steps = steps;
    return steps.values();
  }

  /** Comments that configure ESLint: `-- eslint-disable-next-line rollsafe/dropping-column -- why`, `/* eslint-disable *\/`, ... */
  getInlineConfigNodes(): SqlCommentNode[] {
    if (!this.#inlineConfigComments) {
      this.#inlineConfigComments = this.text.includes("eslint") ? allComments(this.#prepared.parsed).map(commentNode).filter((c) => INLINE_CONFIG.test(c.value)) : [];
    }
    return this.#inlineConfigComments;
  }

  getDisableDirectives(): { problems: FileProblem[]; directives: Directive[] } {
    const problems: FileProblem[] = [];
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const { label, value, justification } = commentParser.parseDirective(comment.value) ?? {};
      if (label === "eslint-disable-line" && comment.loc.start.line !== comment.loc.end.line) {
        problems.push({ ruleId: null, message: `${label} comment should not span multiple lines.`, loc: comment.loc });
        continue;
      }
      if (label === "eslint-disable" || label === "eslint-enable" || label === "eslint-disable-next-line" || label === "eslint-disable-line") {
        directives.push(new Directive({ type: label.slice("eslint-".length) as Directive["type"], node: comment, value: value ?? "", justification: justification ?? "" }));
      }
    }
    return { problems, directives };
  }

  /** `/* eslint rollsafe/dropping-column: off *\/` */
  applyInlineConfig(): { configs: { config: { rules: RulesConfig }; loc: SourceLocation }[]; problems: FileProblem[] } {
    const configs: { config: { rules: RulesConfig }; loc: SourceLocation }[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const { label, value } = commentParser.parseDirective(comment.value) ?? {};
      if (label !== "eslint") continue;
      const parsed = commentParser.parseJSONLikeConfig(value ?? "");
      if (parsed.ok) configs.push({ config: { rules: parsed.config as RulesConfig }, loc: comment.loc });
      else problems.push({ ruleId: null, message: parsed.error.message, loc: comment.loc });
    }
    return { configs, problems };
  }
}
