// The rule catalogue: every rule file of this folder, in one list (a test checks nothing is missing).
import { BUILTIN_CHECKS, type Rule } from "@rollsafe/core";
import addingRequiredColumn from "./adding-required-column.js";
import addingUniqueConstraint from "./adding-unique-constraint.js";
import changingColumnType from "./changing-column-type.js";
import droppingColumn from "./dropping-column.js";
import droppingTable from "./dropping-table.js";
import renamingColumn from "./renaming-column.js";
import renamingTable from "./renaming-table.js";
import settingNotNull from "./setting-not-null.js";

/** The SQL rules, one per file of rules/. */
export const SQL_RULES: readonly Rule[] = [
  addingRequiredColumn,
  addingUniqueConstraint,
  changingColumnType,
  droppingColumn,
  droppingTable,
  renamingColumn,
  renamingTable,
  settingNotNull,
] as Rule[];

/** Every rule id a configuration or an override may name: the SQL rules and the engine's own checks. */
export const ALL_RULES: readonly Rule[] = [...SQL_RULES, ...BUILTIN_CHECKS];
