// typescript-eslint's rule factory for the Drizzle rules: each one's docs link is its section of the
// editor's page.
import { ESLintUtils } from "@typescript-eslint/utils";
import { editorDocsUrl } from "../rules/docs-url.js";

export interface DrizzleRuleDocs {
  /** In the `recommended` preset (the catalogue rule it mirrors is). */
  recommended: boolean;
  /** The catalogue rule whose dangers it reports: its severity is the rule's in the presets, and its page says why. */
  mirrors: string;
}

export const createRule = ESLintUtils.RuleCreator<DrizzleRuleDocs>((name) => editorDocsUrl(name));
