export { main } from "./main.js";
export { runLint, lintFailed, type LintCommandOptions, type LintRun } from "./commands/lint.js";
export { formatJson, JSON_FORMAT_VERSION } from "./formatters/json.js";
export { formatText, type TextOptions } from "./formatters/text.js";
export { formatGithub, type GithubOptions } from "./formatters/github.js";
export { formatSarif, SARIF_SCHEMA, type SarifOptions } from "./formatters/sarif.js";
export { formatMarkdown, MARKDOWN_MAX_LENGTH, type MarkdownOptions } from "./formatters/markdown.js";
export { EXIT } from "./exit-codes.js";
export { listRules, formatRulesText, formatRulesJson, type RuleListing } from "./commands/rules.js";
