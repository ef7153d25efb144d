// Links to rollsafe's documentation. Users run rollsafe in their own repository, where no docs/ folder
// exists, so every link is a URL: the docs of the tag of the release that printed it (a rule's page
// then describes the rule as this version checks it), or a mirror (config `docsBaseUrl`).
import { REPOSITORY_URL, ROLLSAFE_VERSION } from "./release-info.js";

/** The docs/ folder of this release's tag. */
export const DEFAULT_DOCS_BASE_URL = `${REPOSITORY_URL}/blob/v${ROLLSAFE_VERSION}/docs/`;

/** A page of the docs (`sources.md#transactions`, `rules/drop-column.md`) under the base (default: this release's tag). */
export function docsPageUrl(page: string, base: string = DEFAULT_DOCS_BASE_URL): string {
  return `${base.endsWith("/") ? base : `${base}/`}${page}`;
}

/** A rule's page. */
export function ruleDocsUrl(ruleId: string, base?: string): string {
  return docsPageUrl(`rules/${ruleId}.md`, base);
}
