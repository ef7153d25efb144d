// A column whose type differs from the snapshot's, other than a compatible widening.
import { drizzleRule } from "./drizzle-rule.js";

export default drizzleRule({
  name: "drizzle-changed-type",
  dangerRule: "changing-column-type",
  adviceFor: "alter-type",
  description: "A column whose type differs from the latest drizzle-kit snapshot's, other than a compatible widening: the next generate changes it, which breaks the previous release and rewrites the table under an exclusive lock.",
});
