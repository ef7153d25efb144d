// Why rollsafe and squawk disagree on a statement, class by class. Every class is an intended
// difference documented (with an example) in docs/comparison.md; a disagreement that fits no class
// fails test/squawk-differential.test.ts, so it is either documented here or fixed in a rule.
// The facts come from rollsafe's schema replay (statementFacts in squawk-differential.ts).

export interface DisagreementClass {
  id: string;
  /** Which side reports the statement. */
  side: "rollsafe-only" | "squawk-only";
  /** The rollsafe rules the class applies to ("*" for all). */
  rules: readonly string[] | "*";
  /** The statement fact that puts a disagreement in this class. */
  fact: string;
}

export const DISAGREEMENT_CLASSES: readonly DisagreementClass[] = [
  // rollsafe is schema-aware: what the same migration created, no previous release used.
  { id: "table-created-in-same-migration", side: "squawk-only", rules: "*", fact: "table-new" },
  { id: "column-added-in-same-migration", side: "squawk-only", rules: "*", fact: "column-new" },
  // Widening varchar, varchar -> text, numeric precision: no rewrite, nothing old code can notice.
  { id: "compatible-type-change", side: "squawk-only", rules: ["changing-column-type"], fact: "compatible-type-change" },
  // Prisma's recreate-the-enum swap: rollsafe compares the enums' values (dropping-enum-value,
  // renaming-enum-value) instead of calling every swap a type change.
  { id: "enum-recreate", side: "squawk-only", rules: ["changing-column-type"], fact: "enum-type-change" },
  // A serial or identity column has a default: old code's inserts still work.
  { id: "serial-or-identity-column", side: "squawk-only", rules: ["adding-required-column"], fact: "serial-or-identity" },
  // rollsafe knows the tool's transaction model (drizzle-kit's single transaction, Prisma's and
  // golang-migrate's multi-statement query, dbmate's BEGIN); squawk assumes no transaction unless told.
  { id: "runner-transaction", side: "rollsafe-only", rules: ["concurrently-in-transaction"], fact: "in-transaction" },
  // Truncation matters where a name is given; a DROP names an object that already has its (truncated) name.
  { id: "name-referenced-not-given", side: "squawk-only", rules: ["identifier-too-long"], fact: "names-existing-object" },
  // int[] is a list of small numbers, not a key running out of range.
  { id: "integer-array", side: "squawk-only", rules: ["prefer-bigint"], fact: "array-column" },
  // drizzle-kit's idempotent DO block: rollsafe checks the statement it runs; squawk does not look inside.
  { id: "guarded-do-block", side: "rollsafe-only", rules: "*", fact: "guarded-do-block" },
  // drizzle-kit and Prisma change a key's ON DELETE by dropping it and adding it back: the previous
  // release lived with the old key, and a re-add no stricter refuses none of its writes.
  { id: "foreign-key-readded", side: "squawk-only", rules: ["adding-foreign-key"], fact: "foreign-key-readded" },
  // squawk has no rule for these shapes.
  { id: "unique-index", side: "rollsafe-only", rules: ["adding-unique-constraint"], fact: "unique-index" },
  { id: "primary-key", side: "rollsafe-only", rules: ["adding-unique-constraint"], fact: "primary-key" },
  { id: "drop-type", side: "rollsafe-only", rules: ["dropping-table"], fact: "drop:OBJECT_TYPE" },
  { id: "drop-view", side: "rollsafe-only", rules: ["dropping-table"], fact: "drop:OBJECT_VIEW" },
];
