import { columnTypeOf, defineRule } from "@rollsafe/core";
import { columnSites, isBuiltinType, rawTypeName, withType } from "./support/column-defs.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "A timestamp without time zone stores a wall-clock time whose meaning depends on the session's time zone; timestamptz stores an instant.",
    category: "hygiene",
    severity: "warn",
    preset: "strict",
    equivalents: { squawk: ["prefer-timestamptz"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["CreateStmt", "AlterTableStmt"],
    messages: {
      default: 'Column "{{column}}" is timestamp without time zone; use timestamptz.',
    },
  },
  check(statement, context) {
    return columnSites(statement, context).flatMap((site) => {
      const type = columnTypeOf(site.typeName);
      if (rawTypeName(site.typeName) !== "timestamp" || !isBuiltinType(site.typeName) || !type) return [];
      const precision = type.mods.length > 0 ? `(${type.mods[0]})` : "";
      return [{ messageId: "default" as const, data: { column: site.column }, range: site.range, saferAlternative: withType(statement, site, `timestamptz${precision}${"[]".repeat(type.arrayDims)}`) }];
    });
  },
});
