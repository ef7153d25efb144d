// A rule's documentation page, for ESLint's rule links (the editor opens it from the problem): this
// release's docs on its tag, as the CLI's links (rule metadata is fixed when the plugin loads, so a
// project's `docsBaseUrl` does not apply here).
import { docsPageUrl, ruleDocsUrl } from "@rollsafe/core";

export function docsUrl(ruleId: string): string {
  return ruleDocsUrl(ruleId);
}

/** The Drizzle schema rules are documented in the editor's page, one section each (`### <name>`). */
export function editorDocsUrl(section: string): string {
  return docsPageUrl(`editor.md#${section}`);
}
