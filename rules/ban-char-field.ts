import { columnTypeOf, defineRule, formatColumnType } from "@rollsafe/core";
import { columnSites, isBuiltinType, rawTypeName, withType } from "./support/column-defs.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "A char(n) column pads every value with spaces to n characters and is no faster than text; comparisons and lengths then surprise the code.",
    category: "hygiene",
    severity: "warn",
    preset: "strict",
    equivalents: { squawk: ["ban-char-field"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["CreateStmt", "AlterTableStmt"],
    messages: {
      default: 'Column "{{column}}" is {{type}}, which pads values with spaces; use text.',
    },
  },
  check(statement, context) {
    return columnSites(statement, context).flatMap((site) => {
      // `char(n)` and `character(n)` parse to bpchar; the quoted one-byte "char" type is something else.
      const type = columnTypeOf(site.typeName);
      if (rawTypeName(site.typeName) !== "bpchar" || !isBuiltinType(site.typeName) || !type) return [];
      return [{ messageId: "default" as const, data: { column: site.column, type: formatColumnType(type) }, range: site.range, saferAlternative: withType(statement, site, `text${"[]".repeat(type.arrayDims)}`) }];
    });
  },
});
