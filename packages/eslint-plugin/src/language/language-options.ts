// `languageOptions` of the rollsafe/sql language. Each one overrides the same setting of the
// rollsafe configuration file, which is otherwise read as the CLI reads it.
import { MAX_POSTGRES_VERSION, MIN_POSTGRES_VERSION, parsePostgresVersion } from "@rollsafe/core";
import { SOURCE_KINDS, TRANSACTION_MODES, type SourceKind, type TransactionMode } from "@rollsafe/parser";
import * as v from "valibot";

export interface SqlLanguageOptions {
  /** The PostgreSQL version the rules assume: `15`, or `"14.2"` (default: `postgres.version` of the rollsafe configuration, else 15). */
  postgresVersion?: number | string;
  /** The migration folders' layout (default: `migrations.source`, else detected as the CLI does). */
  source?: SourceKind;
  /** How migrations run in transactions (default: `migrations.transaction`, else the layout's tool). */
  transaction?: TransactionMode;
  /** The rollsafe configuration file, relative to the working directory (default: the nearest one above the linted file). */
  configFile?: string;
  /** Index signature of ESLint's LanguageOptions. */
  [key: string]: unknown;
}

const LanguageOptionsSchema = v.strictObject({
  postgresVersion: v.optional(
    v.custom<number | string>(
      (value) => (typeof value === "number" || typeof value === "string") && parsePostgresVersion(value) !== undefined,
      `expected an integer ${MIN_POSTGRES_VERSION}–${MAX_POSTGRES_VERSION}, or a "major.minor" string such as "14.2"`,
    ),
  ),
  source: v.optional(v.picklist(SOURCE_KINDS, `expected one of: ${SOURCE_KINDS.join(", ")}`)),
  transaction: v.optional(v.picklist(TRANSACTION_MODES, `expected one of: ${TRANSACTION_MODES.join(", ")}`)),
  configFile: v.optional(v.pipe(v.string(), v.minLength(1, "expected a path"))),
});

/** Throws one line naming the key for anything ESLint should refuse in the configuration. */
export function validateLanguageOptions(options: unknown): void {
  const result = v.safeParse(LanguageOptionsSchema, options ?? {});
  if (result.success) return;
  const issue = result.issues[0];
  const key = (issue.path ?? []).map((p) => String(p.key)).join(".");
  const known = Object.keys(LanguageOptionsSchema.entries).join(", ");
  throw new Error(issue.type === "strict_object" ? `rollsafe/sql: unknown language option "${key}" (known: ${known})` : `rollsafe/sql: languageOptions.${key}: ${issue.message}`);
}
