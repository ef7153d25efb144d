// `rollsafe drizzle diff`: the library function (a typed result). What the next `drizzle-kit generate`
// will do, from the schema file(s) against the latest snapshot, and which part of it is dangerous.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { ConfigError, loadConfig, type Severity } from "@rollsafe/core";
import { diffDrizzleSchemas, extractDrizzleSchema, latestSnapshot, schemaFilePaths, type DrizzleSchemaDiff, type ExtractProblem } from "@rollsafe/drizzle";
import { loadParser } from "@rollsafe/parser";
import { ALL_RULES } from "@rollsafe/rules";
import { loadDrizzleProject } from "./project.js";

export interface DrizzleDiffOptions {
  cwd: string;
  /** rollsafe.config.json (rule severities decide the exit code). */
  config?: string;
  drizzleConfig?: string;
}

export interface DrizzleDiffRun {
  drizzleConfig: string;
  schemaFiles: string[];
  /** The snapshot compared with; undefined before the first migration (everything is new). */
  snapshot: string | undefined;
  diff: DrizzleSchemaDiff;
  problems: ExtractProblem[];
  /** Severity of each danger's rule (from the configuration): an `error` fails the run. */
  severities: Map<string, Severity | "off">;
}

export async function runDrizzleDiff(options: DrizzleDiffOptions): Promise<DrizzleDiffRun> {
  const parserReady = loadParser();
  const { config } = loadConfig(options.cwd, options.config, new Set(ALL_RULES.map((r) => r.id)));
  const project = loadDrizzleProject(options.cwd, options.drizzleConfig, "drizzle diff");
  const files = await schemaFilePaths(project.schema);
  if (files.length === 0) throw new ConfigError(`${project.shown}: "schema" matches no file`);
  const sources = files.map((path) => {
    try {
      return { path, text: readFileSync(path, "utf8") };
    } catch (error) {
      throw new ConfigError(`${relative(options.cwd, path)}: cannot read the schema file: ${(error as Error).message}`);
    }
  });
  const latest = latestSnapshot(project.out, options.cwd);
  if (latest.missing) throw new ConfigError(`${latest.missing.path}: the snapshot of the journal's last entry (${latest.missing.tag}) does not exist: drizzle-kit generate cannot run without it either`);
  await parserReady;
  const extracted = extractDrizzleSchema(sources, { cwd: options.cwd, ...(project.casing ? { casing: project.casing } : {}) });
  const before = latest.snapshot?.schema ?? { source: "snapshot" as const, tables: [], enums: [] };
  const severities = new Map<string, Severity | "off">(ALL_RULES.map((r) => [r.id, config.rules?.[r.id] ?? r.meta.severity]));
  return {
    drizzleConfig: project.shown,
    schemaFiles: files.map((f) => relative(options.cwd, f) || f),
    snapshot: latest.path,
    diff: diffDrizzleSchemas(before, extracted.schema),
    problems: extracted.problems,
    severities,
  };
}

/** 1 when a change has a danger whose rule is an error (as configured), else 0. */
export function drizzleDiffFailed(run: DrizzleDiffRun): boolean {
  return run.diff.changes.some((c) => c.dangers.some((d) => run.severities.get(d.rule) === "error"));
}
