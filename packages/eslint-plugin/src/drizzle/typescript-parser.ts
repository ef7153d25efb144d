// The parser the presets set for TypeScript files: @typescript-eslint/parser itself, loaded (with
// TypeScript: ~0.8 s) when ESLint first parses a TypeScript file, not when ESLint loads the plugin, so
// that a project that lints only SQL migrations never pays for it. Its `meta` is the parser's own, which
// typescript-eslint's rules check to find their parser services.
import { createRequire } from "node:module";
import type * as TypescriptParser from "@typescript-eslint/parser";

const require = createRequire(import.meta.url);
let loaded: typeof TypescriptParser | undefined;

export const typescriptParser = {
  meta: { name: "typescript-eslint/parser", version: (require("@typescript-eslint/parser/package.json") as { version: string }).version },
  parseForESLint(code: string, options?: TypescriptParser.ParserOptions): ReturnType<typeof TypescriptParser.parseForESLint> {
    loaded ??= require("@typescript-eslint/parser") as typeof TypescriptParser;
    return loaded.parseForESLint(code, options);
  },
};
