// drizzle-kit changes a foreign key (its ON DELETE, its ON UPDATE) by dropping it and adding it again
// in the same migration. The previous release already lived with the old key: the new one only adds
// a restriction on its writes where it is stricter than the one it replaces.
import type { Constraint as ConstraintNode } from "@pgsql/types";
import { nameOfRangeVar, stringValue, type DroppedConstraint, type Table } from "@rollsafe/core";

/** Actions that make a delete or update of a referenced row fail while rows still reference it. */
const REFUSING_ACTIONS = new Set(["a", "r"]);

/**
 * The key this change dropped from the table that the new one replaces without restricting the
 * previous release's writes any further: same columns, same referenced table and columns, and actions
 * and match type at least as permissive. Undefined when there is none.
 */
export function replacedForeignKey(table: Table, def: ConstraintNode, unit: number): DroppedConstraint | undefined {
  const columns = names(def.fk_attrs);
  const parent = nameOfRangeVar(def.pktable);
  const parentColumns = names(def.pk_attrs);
  return table.dropped?.find((old) => {
    const ref = old.references;
    return (
      old.droppedBy === unit &&
      old.kind === "foreign-key" &&
      ref !== undefined &&
      ref.table === parent &&
      sameList(old.columns, columns) &&
      sameList(ref.columns, parentColumns) &&
      noStricter(ref.onDelete, def.fk_del_action) &&
      noStricter(ref.onUpdate, def.fk_upd_action) &&
      matchNoStricter(ref.match, def.fk_matchtype)
    );
  });
}

function names(list: ConstraintNode["fk_attrs"]): string[] {
  return (list ?? []).map(stringValue).filter((c): c is string => !!c);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** A new action refuses only what the old one refused too. */
function noStricter(old: string | undefined, next: string | undefined): boolean {
  return !REFUSING_ACTIONS.has(next ?? "a") || REFUSING_ACTIONS.has(old ?? "a");
}

/** MATCH FULL refuses rows MATCH SIMPLE lets through (some key columns NULL, others not). */
function matchNoStricter(old: string | undefined, next: string | undefined): boolean {
  const was = old ?? "s";
  const now = next ?? "s";
  return now === was || (now === "s" && was === "f");
}
