// Layer 1: Drizzle schema files (TypeScript) to the neutral DrizzleSchema, with ts-morph (loaded on the
// first call). Only the syntax is read: nothing is run, and the files need not compile. ts-morph parses;
// what the files declare is read by assemble.ts, which the editor's ESTree front end shares.
import { isAbsolute, relative } from "node:path";
import type { DrizzleCasing } from "../config/read-config.js";
import type { SourceLocation } from "../schema/types.js";
import { assembleDrizzleSchema, type ExtractResult } from "./assemble.js";
import { tsMorphFileSyntax } from "./from-ts-morph.js";
import { loadTsMorph, type TsMorph } from "./load-ts-morph.js";

export type { ExtractProblem, ExtractResult } from "./assemble.js";

export interface SchemaSource {
  /** The file's path (absolute, or relative to `cwd`). */
  path: string;
  text: string;
}

export interface ExtractOptions {
  /** drizzle-kit's `casing` option (drizzle.config). */
  casing?: DrizzleCasing;
  /** Locations are shown relative to this folder (default: process.cwd()). */
  cwd?: string;
  /** How a file is shown in locations (default: relative to `cwd`). */
  display?: (path: string) => string;
}

export function extractDrizzleSchema(sources: readonly SchemaSource[], options: ExtractOptions = {}): ExtractResult {
  const m = loadTsMorph();
  const cwd = options.cwd ?? process.cwd();
  const display = options.display ?? ((path: string) => (isAbsolute(path) ? relative(cwd, path) || path : path));
  const project = new m.Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: true } });
  const files = sources.map((source) => {
    const file = project.createSourceFile(source.path, source.text, { overwrite: true });
    const shown = display(source.path);
    const location = (node: TsMorph.Node): SourceLocation => {
      const { line, column } = file.getLineAndColumnAtPos(node.getStart());
      return { file: shown, line, column };
    };
    return { syntax: tsMorphFileSyntax(m, file), location };
  });
  return assembleDrizzleSchema(files, { casing: options.casing });
}
