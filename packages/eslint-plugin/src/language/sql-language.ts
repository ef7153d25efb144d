// The `rollsafe/sql` language: how ESLint reads a PostgreSQL migration. `parse` is synchronous (ESLint
// requires it), which is why the plugin's entry module awaits the grammar's WASM before exporting.
import type { File, Language, OkParseResult, ParseResult } from "@eslint/core";
import { ConfigError } from "@rollsafe/core";
import { prepareFile, type PreparedFile } from "../migration/file-lint.js";
import { fileNode, VISITOR_KEYS, type SqlFileNode, type SqlNode } from "./ast.js";
import { validateLanguageOptions, type SqlLanguageOptions } from "./language-options.js";
import { SqlSourceCode } from "./sql-source-code.js";

type SqlLanguageTypes = { LangOptions: SqlLanguageOptions; Code: SqlSourceCode; RootNode: SqlFileNode; Node: SqlNode };

/** What parse hands to createSourceCode besides the tree. */
interface SqlParseResult extends OkParseResult<SqlFileNode> {
  prepared: PreparedFile;
}

export const sqlLanguage: Language<SqlLanguageTypes> = {
  fileType: "text",
  lineStart: 1,
  columnStart: 1,
  nodeTypeKey: "type",
  visitorKeys: VISITOR_KEYS,
  defaultLanguageOptions: {},

  validateLanguageOptions,

  /**
   * Reads the file as the migration it is (in its folder's layout) and parses it. A statement
   * PostgreSQL rejects is a parsing error at its line and column, as in every ESLint language:
   * ESLint then runs no rule on the file. An invalid rollsafe configuration is reported the same
   * way, at 1:1, with the CLI's message.
   */
  parse(file: File, context): ParseResult<SqlFileNode> {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    let prepared: PreparedFile;
    try {
      prepared = prepareFile(file.physicalPath || file.path, text, context.languageOptions ?? {});
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, errors: [{ message: `rollsafe configuration: ${error.message}`, line: 1, column: 1 }] };
      throw error;
    }
    const issues = prepared.parsed.syntaxIssues;
    if (issues.length > 0) {
      return { ok: false, errors: issues.map((issue) => ({ message: issue.message, line: issue.range.start.line, column: issue.range.start.column })) };
    }
    const result: SqlParseResult = { ok: true, ast: fileNode(prepared.parsed), prepared };
    return result;
  },

  createSourceCode(file: File, parsed: OkParseResult<SqlFileNode>): SqlSourceCode {
    return new SqlSourceCode(file.body as string, parsed.ast, (parsed as SqlParseResult).prepared);
  },
};
