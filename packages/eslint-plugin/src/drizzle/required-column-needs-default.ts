// A new NOT NULL column without a database default on a table the snapshot has.
import { drizzleRule } from "./drizzle-rule.js";

export default drizzleRule({
  name: "drizzle-required-column-needs-default",
  dangerRule: "adding-required-column",
  adviceFor: "add-column",
  description: "A new .notNull() column without .default(...), .defaultNow(), an identity or a serial type, on a table the latest drizzle-kit snapshot has: the next generate adds it, and the previous release's inserts fail.",
});
