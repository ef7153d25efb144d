// A column of the snapshot that the schema file no longer declares: the next generate drops it.
import { drizzleRule } from "./drizzle-rule.js";

export default drizzleRule({
  name: "drizzle-removed-column",
  dangerRule: "dropping-column",
  adviceFor: "drop-column",
  description: "A column the latest drizzle-kit snapshot has and the schema no longer declares: the next generate drops it, which breaks the previous release and destroys its data (reported on the table's pgTable call).",
});
