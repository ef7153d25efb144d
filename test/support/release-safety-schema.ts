// The release-safety artifact's JSON Schema as the package ships it, compiled with ajv (strict mode:
// the schema itself must be clean), so that tests validate real outputs against it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ajvModule from "ajv";
import { REPO_ROOT } from "./run-cli.js";

export const RELEASE_SAFETY_SCHEMA_PATH = join(REPO_ROOT, "packages/cli/schemas/release-safety.schema.json");

const ajv = new ajvModule.default({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(JSON.parse(readFileSync(RELEASE_SAFETY_SCHEMA_PATH, "utf8")) as object);

/** The schema's errors for a document, as `path: message` lines; empty when it is valid. */
export function releaseSafetyErrors(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
}
