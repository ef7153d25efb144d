// Where a release's migrations are: the git repository, the working directory inside it, and the
// migrations folder (the command line's, else the config's, else a usual folder), as repository paths.
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { SourceKind } from "@rollsafe/parser";
import { ConfigError, type RollsafeConfig } from "../config.js";
import { findMigrationsDir } from "../default-migrations-dir.js";
import { repoRoot } from "../git/repo-root.js";
import type { RepoLayout } from "./snapshot.js";

export interface ReleaseLocation {
  /** The working directory: display paths are relative to it. */
  cwd: string;
  /** The migrations folder given on the command line, if any. */
  path?: string;
  config: RollsafeConfig;
  /** The folder the config's relative paths are resolved from. */
  baseDir: string;
  source?: SourceKind;
  /** The command, as error messages name it (`report`, `rollback`). */
  command: string;
  /** The project's migrations folder when none is given or configured (default: core's usual folders). */
  findDir?: (cwd: string) => string | undefined;
}

export interface LocatedRelease {
  layout: RepoLayout;
  /** The working directory and the migrations folder, absolute and without symbolic links. */
  cwd: string;
  dirAbs: string;
}

export function locateRelease(location: ReleaseLocation): LocatedRelease {
  const { command, config } = location;
  const cwd = realpathSync(location.cwd);
  let root: string;
  try {
    root = realpathSync(repoRoot(cwd));
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${command}: ${location.cwd} is not inside a git repository`);
    throw error;
  }
  const dirAbs =
    location.path !== undefined ? resolve(cwd, location.path) : config.migrations?.dir ? resolve(realpathSync(location.baseDir), config.migrations.dir) : defaultDir(cwd, command, location.findDir ?? findMigrationsDir);
  const source = location.source ?? config.migrations?.source;
  const layout: RepoLayout = { root, cwd: toRepoPath(root, cwd, command), dir: toRepoPath(root, dirAbs, command), ...(source ? { source } : {}) };
  return { layout, cwd, dirAbs };
}

function defaultDir(cwd: string, command: string, find: (cwd: string) => string | undefined): string {
  const dir = find(cwd);
  if (!dir) throw new ConfigError(`${command}: no migrations folder found here: pass a path or set migrations.dir in rollsafe.config.json`);
  return resolve(cwd, dir);
}

/** A folder relative to the repository root, forward slashes, `.` for the root. */
function toRepoPath(root: string, abs: string, command: string): string {
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    // A folder the working tree does not have (deleted since): its path is all we need.
  }
  const rel = relative(root, real);
  if (rel.startsWith("..") || isAbsolute(rel)) throw new ConfigError(`${command}: ${abs} is outside the git repository ${root}`);
  return rel === "" ? "." : rel.split("\\").join("/");
}
