// @rollsafe/drizzle/estree: schema files as typescript-eslint's ESTree (what an ESLint rule is handed)
// to the extractor's syntax, for assembleDrizzleSchema. A subpath of its own: the CLI never loads it.
export { estreeFileSyntax, estreeSchemaFile } from "./file-syntax.js";
