// SARIF 2.1.0, the format GitHub code scanning reads (github/codeql-action/upload-sarif).
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding, Severity } from "@rollsafe/core";
import type { LintRun } from "../commands/lint.js";
import type { RuleListing } from "../commands/rules.js";
import { approvalJson } from "./approval.js";
import { pathInside } from "./paths.js";

export interface SarifOptions {
  /** The folder the reported paths are relative to; result URIs are relative to it. */
  cwd: string;
  version: string;
  /** The rule catalogue (`listRules()`), for the rules' descriptions and docs. */
  rules: readonly RuleListing[];
}

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub code scanning rejects a run with more results than this: the rest are left out, with a notification. */
export const SARIF_MAX_RESULTS = 25_000;

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warn: "warning", note: "note" };

export function formatSarif(run: LintRun, options: SarifOptions): string {
  // Only the rules that have results, in catalogue order (then any id the catalogue does not know).
  const used = new Set(run.findings.map((f) => f.ruleId));
  const catalogue = new Map(options.rules.map((r) => [r.id, r]));
  const ruleIds = [...options.rules.map((r) => r.id).filter((id) => used.has(id)), ...[...used].filter((id) => !catalogue.has(id))];
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const kept = run.findings.slice(0, SARIF_MAX_RESULTS);
  const cut = cutNotification(run.findings.length - kept.length, new Set(run.findings.slice(kept.length).map((f) => f.path)));
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "rollsafe", version: options.version, semanticVersion: options.version, rules: ruleIds.map((id) => ruleDescriptor(id, catalogue.get(id))) } },
        // Result URIs are relative to the working directory of the run.
        originalUriBaseIds: { SRCROOT: { uri: directoryUri(options.cwd) } },
        columnKind: "utf16CodeUnits",
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...run.problems.map((p) => ({
                level: p.severity === "error" ? "error" : "warning",
                message: { text: `${p.path}: ${p.message}` },
                locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.path, options.cwd) } }],
              })),
              ...cut,
            ],
          },
        ],
        results: kept.map((f) => result(f, ruleIndex.get(f.ruleId)!, options.cwd)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A notification naming the files whose results were left out past GitHub's limit (none when nothing was). */
function cutNotification(left: number, paths: ReadonlySet<string>) {
  if (left === 0) return [];
  const files = [...paths];
  const named = files.slice(0, 20).join(", ") + (files.length > 20 ? ` and ${files.length - 20} more` : "");
  return [{ level: "warning", message: { text: `${left} result(s) left out: GitHub code scanning accepts ${SARIF_MAX_RESULTS} per run. Files with results left out: ${named}. Run rollsafe lint --format text for all of them.` } }];
}

function ruleDescriptor(id: string, rule: RuleListing | undefined) {
  // GitHub's validator rejects a rule without fullDescription (GH2012), even one the catalogue lacks.
  if (!rule) return { id, shortDescription: { text: id }, fullDescription: { text: id } };
  return {
    id,
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    help: { text: `${rule.description} Why it matters, the safe alternative and examples: ${rule.docsUrl}`, markdown: `${rule.description}\n\n[Why it matters, the safe alternative and examples](${rule.docsUrl})` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { docs: rule.docsUrl, category: rule.category, categories: rule.categories, preset: rule.preset, tags: rule.categories },
  };
}

function result(f: Finding, ruleIndex: number, cwd: string) {
  const { start, end } = f.range;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    // Code scanning shows the message, not the properties: the safer alternative goes in it.
    message: { text: f.saferAlternative ? `${f.message}\n\nSafer alternative:\n${f.saferAlternative}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.path, cwd),
          region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
        },
      },
    ],
    // An empty array says the tool looked for suppressions and found none.
    suppressions: f.overridden ? [{ kind: "inSource", justification: f.overridden.reason }] : f.baselined ? [{ kind: "external", justification: "listed in the baseline file" }] : [],
    properties: {
      category: f.category,
      categories: f.categories,
      ...(f.saferAlternative ? { saferAlternative: f.saferAlternative } : {}),
      ...(f.docsUrl ? { docs: f.docsUrl } : {}),
      ...(f.overridden?.approvedBy ? { approvedBy: approvalJson(f.overridden.approvedBy) } : {}),
    },
  };
}

/** Relative to the working directory (`SRCROOT`) when the file is inside it, else an absolute file: URI. */
function artifactLocation(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  const inside = pathInside(path, cwd, cwd);
  if (inside === undefined) return { uri: pathToFileURL(resolve(cwd, path)).href };
  return { uri: inside.split("/").map(encodeURIComponent).join("/"), uriBaseId: "SRCROOT" };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : `${href}/`;
}
