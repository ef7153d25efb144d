// A Drizzle project in a temp folder, from fixtures/drizzle-app: its versions copied over each other
// (drizzle.config.ts, the journal and drizzle-kit's own snapshots, the schema file), plus `files`.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeFolder } from "./lint-sql.js";

export const DRIZZLE_APP = join(import.meta.dirname, "../../../../fixtures/drizzle-app");

export type AppVersion = "v1" | "v2" | "v3" | "v4";

/** fixtures/drizzle-app/<version>/<path>, as text. */
export function appFile(version: AppVersion, path: string): string {
  return readFileSync(join(DRIZZLE_APP, version, path), "utf8");
}

/** A temp folder (removed after the test file) holding versions v1..`upTo` of the app, so its latest snapshot is `upTo`'s; then `files`. */
export function drizzleProject(upTo: AppVersion, files: Record<string, string> = {}): string {
  const root = makeFolder({});
  for (const version of ["v1", "v2", "v3", "v4"]) {
    cpSync(join(DRIZZLE_APP, version), root, { recursive: true });
    if (version === upTo) break;
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
