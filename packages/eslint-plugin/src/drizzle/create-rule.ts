// typescript-eslint's rule factory for the Drizzle rules: each one's docs link is its section of the
// editor's page.
// The subpath: the package's index also loads ESLint's CommonJS build and the scope manager (~0.5 s).
import { RuleCreator } from "@typescript-eslint/utils/eslint-utils";
import { editorDocsUrl } from "../rules/docs-url.js";

export interface DrizzleRuleDocs {
  /** In the `recommended` preset (the catalogue rule it mirrors is). */
  recommended: boolean;
  /** The catalogue rule whose dangers it reports: its severity is the rule's in the presets, and its page says why. */
  mirrors: string;
}

export const createRule = RuleCreator<DrizzleRuleDocs>((name) => editorDocsUrl(name));
