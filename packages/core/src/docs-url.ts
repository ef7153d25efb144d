/** Where a rule's page lives, relative to the repository root (the docs ship with the code). */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}
