// Reads a release-safety artifact for `rollsafe preflight`: the fields preflight relies on, validated
// with valibot (the full shape is the JSON Schema in packages/cli/schemas/, checked by the tests). A
// missing or malformed file is a usage error naming the file and the field.
import { readFileSync } from "node:fs";
import { ConfigError } from "@rollsafe/core";
import * as v from "valibot";
import { RELEASE_SAFETY_SCHEMA_VERSION } from "../../formatters/release-safety.js";

const Verdict = v.union([v.boolean(), v.literal("unknown")]);
const RefAt = v.object({ ref: v.string(), sha: v.string() });
const Compatibility = v.object({ rollbackSafe: Verdict, rollingUpdateSafe: Verdict });
const Reason = v.object({ verdict: v.union([v.literal(false), v.literal("unknown")]), affects: v.array(v.string()), at: v.string(), message: v.string() });

const ArtifactSchema = v.object({
  schemaVersion: v.number(),
  from: RefAt,
  to: RefAt,
  source: v.nullable(v.string()),
  migrations: v.array(
    v.object({
      name: v.string(),
      path: v.string(),
      inRange: v.boolean(),
      release: v.nullable(v.string()),
      ledger: v.nullable(v.object({ id: v.string(), hash: v.nullable(v.string()), checksums: v.nullable(v.array(v.string())) })),
    }),
  ),
  compatibility: Compatibility,
  reasons: v.array(Reason),
  releases: v.optional(v.array(v.object({ from: v.string(), to: v.string(), migrations: v.array(v.string()), compatibility: Compatibility, reasons: v.array(Reason) }))),
});

export type Artifact = v.InferOutput<typeof ArtifactSchema>;
export type ArtifactMigration = Artifact["migrations"][number];

export function readArtifact(file: string): Artifact {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`preflight: cannot read the artifact ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`preflight: ${file} is not JSON: ${(error as Error).message}`);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === "number" && version > RELEASE_SAFETY_SCHEMA_VERSION) {
    throw new ConfigError(`preflight: ${file} has schemaVersion ${version}; this rollsafe reads ${RELEASE_SAFETY_SCHEMA_VERSION}: upgrade rollsafe`);
  }
  const parsed = v.safeParse(ArtifactSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue) ?? "(top level)";
    throw new ConfigError(`preflight: ${file} is not a release-safety artifact (rollsafe report --format release-safety): ${path}: ${issue.message}`);
  }
  if (parsed.output.schemaVersion !== RELEASE_SAFETY_SCHEMA_VERSION) throw new ConfigError(`preflight: ${file} has schemaVersion ${parsed.output.schemaVersion}; this rollsafe reads ${RELEASE_SAFETY_SCHEMA_VERSION}`);
  return parsed.output;
}
