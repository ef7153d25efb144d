import { columnTypeOf, defineRule, quoteIdent } from "@rollsafe/core";
import { columnSites, isBuiltinType, rawTypeName, withType } from "./support/column-defs.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "A varchar(n) column enforces its limit in the type, so changing the limit later is an ALTER COLUMN TYPE; text with a CHECK constraint (if the limit matters) is as fast and easier to change.",
    category: "hygiene",
    severity: "warn",
    preset: "strict",
    equivalents: { squawk: ["prefer-text-field"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["CreateStmt", "AlterTableStmt"],
    messages: {
      default: 'Column "{{column}}" is varchar({{length}}); use text, with a CHECK constraint if the limit matters.',
    },
  },
  check(statement, context) {
    return columnSites(statement, context).flatMap((site) => {
      const type = columnTypeOf(site.typeName);
      if (rawTypeName(site.typeName) !== "varchar" || !isBuiltinType(site.typeName) || !type || type.mods.length === 0) return [];
      const length = String(type.mods[0]);
      const check = type.arrayDims === 0 && !site.alterType ? ` CHECK (char_length(${quoteIdent(site.column)}) <= ${length})` : "";
      return [{ messageId: "default" as const, data: { column: site.column, length }, range: site.range, saferAlternative: withType(statement, site, `text${"[]".repeat(type.arrayDims)}${check}`) }];
    });
  },
});
