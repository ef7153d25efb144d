// A rule's documentation page, for ESLint's rule links (the editor opens it from the problem).
// The pages ship with the code, at the repository root (core's ruleDocsPath); this module sits two
// folders below the package root in both src/ and dist/. When the project has a public home, make
// DOCS_ROOT its URL.
import { ruleDocsPath } from "@rollsafe/core";

const DOCS_ROOT = new URL("../../../../", import.meta.url);

export function docsUrl(ruleId: string): string {
  return new URL(ruleDocsPath(ruleId), DOCS_ROOT).href;
}

/** The Drizzle schema rules are documented in the editor's page, one section each (`### <name>`). */
export function editorDocsUrl(section: string): string {
  return new URL(`docs/editor.md#${section}`, DOCS_ROOT).href;
}
