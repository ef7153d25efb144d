import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { alterCommandRanges, type Range, type SourceText, type Statement } from "@rollsafe/parser";
import type { Category, Fix, Severity } from "./finding.js";
import type { MigrationContext } from "./migration-context.js";
import type { Origin, SchemaModel } from "./model/schema-model.js";

/** Rule sets: `recommended` (breaking, locking, data-loss, integrity) and `strict` (+ hygiene). */
export const PRESETS = ["recommended", "strict"] as const;
export type Preset = (typeof PRESETS)[number];

/** What a rule says about itself; docs/rules/<id>.md must agree (a test checks it). */
export interface RuleMeta<MessageId extends string = string> {
  /** One sentence, shown in `rollsafe rules` and at the top of the rule's page. */
  description: string;
  category: Category;
  /** Severity when the configuration does not say otherwise. */
  severity: Severity;
  /** Further categories of its findings (a dropped column breaks old code and loses data). */
  alsoCategories?: readonly Category[];
  /** The smallest preset that enables the rule: `strict` for hygiene; `recommended` when absent. */
  preset?: Preset;
  /** The closest checks of other tools (ids; an empty list when the tool has none), for docs/rules/README.md. */
  equivalents?: Equivalents;
  /** Message templates keyed by message id; `{{name}}` is replaced from the report's data. */
  messages: Record<MessageId, string>;
  /** Some of its findings carry a meaning-preserving `fix` (`rollsafe lint --fix`, ESLint's autofix). */
  fixable?: boolean;
  /** The statement kinds the rule looks at (AST node names), so the engine calls it only for those. */
  statementKinds: readonly string[];
}

export interface Equivalents {
  squawk: readonly string[];
  strongMigrations: readonly string[];
  atlas: readonly string[];
  eugene: readonly string[];
}

/** What the schema looked like before the statement, and where the statement is. */
export interface RuleContext {
  /** The schema before this statement (do not modify it). */
  model: SchemaModel;
  /** The check unit being linted: objects whose origin is this unit were created by the change itself. */
  unit: number;
  postgresVersion: number;
  /** The minor release when the configuration gave one (`postgres.version: "14.2"`); rules assume the latest minor without it. */
  postgresMinor?: number;
  source: SourceText;
  /** The migration around the statement: its transaction, earlier settings, locks held. */
  migration: MigrationContext;
}

export interface RuleReport<MessageId extends string = string> {
  messageId: MessageId;
  data?: Record<string, string>;
  /** Defaults to the whole statement. */
  range?: Range;
  /** SQL that reaches the same goal the expand/contract way, with the statement's own names. */
  saferAlternative?: string;
  /** A rewrite that keeps the statement's meaning; offer one only when it cannot change behaviour. */
  fix?: Fix;
}

export interface Rule<MessageId extends string = string> {
  /** The rule's file name; nothing else spells it. */
  id: string;
  meta: RuleMeta<MessageId>;
  /** A pure function of the statement and the schema before it: no I/O, never throws on unknown SQL. */
  check(statement: Statement, context: RuleContext): RuleReport<MessageId>[];
}

/** Defines a rule whose id is its module's file name: `defineRule(import.meta.url, {...})`. */
export function defineRule<MessageId extends string>(moduleUrl: string, rule: Omit<Rule<MessageId>, "id">): Rule<MessageId> {
  const id = basename(fileURLToPath(moduleUrl)).replace(/\.(ts|js)$/, "");
  return { id, ...rule };
}

/** True when the object was created by the change being checked (so old code never used it). */
export function isNewInUnit(origin: Origin, context: RuleContext): boolean {
  return origin === context.unit;
}

/** The range of the index-th sub-command of an ALTER TABLE statement (the whole statement if unknown). */
export function commandRange(statement: Statement, context: RuleContext, index: number, count: number): Range {
  return alterCommandRanges(context.source, statement, count)?.[index] ?? statement.range;
}

/** A message template split once into literal text (even indexes) and `{{name}}` keys (odd indexes). */
const compiledTemplates = new Map<string, string[]>();

export function formatMessage(template: string, data: Record<string, string> | undefined): string {
  let parts = compiledTemplates.get(template);
  if (!parts) compiledTemplates.set(template, (parts = template.split(/\{\{\s*(\w+)\s*\}\}/)));
  if (parts.length === 1) return template;
  let message = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    message += (data?.[key] ?? `{{${key}}}`) + parts[i + 1]!;
  }
  return message;
}
