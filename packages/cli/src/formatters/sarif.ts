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

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warn: "warning", note: "note" };

export function formatSarif(run: LintRun, options: SarifOptions): string {
  // Only the rules that have results, in catalogue order (then any id the catalogue does not know).
  const used = new Set(run.findings.map((f) => f.ruleId));
  const catalogue = new Map(options.rules.map((r) => [r.id, r]));
  const ruleIds = [...options.rules.map((r) => r.id).filter((id) => used.has(id)), ...[...used].filter((id) => !catalogue.has(id))];
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
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
            toolExecutionNotifications: run.problems.map((p) => ({
              level: p.severity === "error" ? "error" : "warning",
              message: { text: `${p.path}: ${p.message}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.path, options.cwd) } }],
            })),
          },
        ],
        results: run.findings.map((f) => result(f, ruleIndex.get(f.ruleId)!, options.cwd)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleDescriptor(id: string, rule: RuleListing | undefined) {
  if (!rule) return { id };
  return {
    id,
    shortDescription: { text: rule.description },
    // No public URL to link to: the docs page is named by its path in the rollsafe repository.
    help: { text: `${rule.description} See ${rule.docsUrl} in the rollsafe repository: why it matters, the safe alternative, examples.` },
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
    message: { text: f.message },
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
