// What `--source` and a missing path mean, the same for every command that reads migrations: `lint`,
// `verify` and `report` take `--source`; `lint` and `verify` find the project's migrations folder
// themselves (drizzle.config's `out`, else the usual places) when no path is given.
import { ConfigError } from "@rollsafe/core";
import { SOURCE_KINDS, type SourceKind } from "@rollsafe/parser";
import { findProjectMigrationsDir } from "@rollsafe/drizzle";

export function parseSource(source: string | undefined): SourceKind | undefined {
  if (source === undefined) return undefined;
  if (!(SOURCE_KINDS as readonly string[]).includes(source)) throw new ConfigError(`--source: unknown source "${source}"; use one of: ${SOURCE_KINDS.join(", ")}`);
  return source as SourceKind;
}

/** The folder to read without a path: `migrations.dir` from the config (`configured`), else the project's. */
export function defaultPaths(cwd: string, configured: string | undefined, command: "lint" | "verify"): string[] {
  const dir = configured ?? findProjectMigrationsDir(cwd);
  if (!dir) throw new ConfigError(`no migrations folder found here: pass a path (rollsafe ${command} <dir>) or set migrations.dir in rollsafe.config.json`);
  return [dir];
}
