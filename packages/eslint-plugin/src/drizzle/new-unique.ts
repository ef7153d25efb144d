// A unique constraint or unique index the snapshot does not have.
import { drizzleRule } from "./drizzle-rule.js";

export default drizzleRule({
  name: "drizzle-new-unique",
  dangerRule: "adding-unique-constraint",
  adviceFor: "add-unique",
  description: "A .unique(), unique().on(...) or uniqueIndex().on(...) the latest drizzle-kit snapshot does not have, on a table it has: the next generate builds the unique index while the table is locked, and on existing columns the previous release's duplicate writes fail.",
});
