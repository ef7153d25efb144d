// A table of the snapshot that no schema file declares any more: the next generate drops it.
import { drizzleRule } from "./drizzle-rule.js";

export default drizzleRule({
  name: "drizzle-removed-table",
  dangerRule: "dropping-table",
  adviceFor: "drop-table",
  description: "A table the latest drizzle-kit snapshot has and no schema file declares any more: the next generate drops it, which breaks the previous release and destroys its rows (reported on the import of drizzle-orm/pg-core).",
});
