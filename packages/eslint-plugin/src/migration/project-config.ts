// The rollsafe configuration a linted file falls under: the nearest rollsafe.config.json (or
// package.json with a "rollsafe" key) in its folder or a folder above it, read by the same code as
// the CLI's. The editor runs for hours: a configuration file is re-read when its stamp changes (a
// configuration file created later in a folder that had none is seen after ESLint restarts).
import { dirname, resolve } from "node:path";
import { loadConfig, type LoadedConfig } from "@rollsafe/core";
import { ALL_RULES } from "@rollsafe/rules";
import { stampOf, unchanged, type FileStamp } from "./file-stamp.js";

const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((rule) => rule.id));

interface Cached {
  loaded: LoadedConfig;
  stamp: FileStamp | undefined;
}

export class ProjectConfigs {
  /** Folder -> the configuration found from it (the folder it was found in may be above). */
  private readonly byFolder = new Map<string, Cached>();
  /** Explicit configuration files (`languageOptions.configFile`), by absolute path. */
  private readonly explicit = new Map<string, Cached>();

  /**
   * The configuration for `file` (absolute): `configFile` when given (relative to the working
   * directory, like the CLI's --config), else the nearest one above the file; none gives `{}`.
   * Throws ConfigError for an invalid file, with the CLI's message.
   */
  configFor(file: string, configFile: string | undefined): LoadedConfig {
    if (configFile !== undefined) {
      const path = resolve(configFile);
      const cached = this.explicit.get(path);
      if (cached && cached.stamp && unchanged(cached.stamp)) return cached.loaded;
      const stamp = stampOf(path);
      const loaded = loadConfig(process.cwd(), configFile, KNOWN_RULE_IDS);
      this.explicit.set(path, { loaded, stamp });
      return loaded;
    }
    return this.nearest(dirname(file));
  }

  private nearest(folder: string): LoadedConfig {
    const cached = this.byFolder.get(folder);
    if (cached && (!cached.stamp || unchanged(cached.stamp))) return cached.loaded;
    const loaded = loadConfig(folder, undefined, KNOWN_RULE_IDS);
    let result: Cached;
    if (loaded.path) {
      result = { loaded, stamp: stampOf(loaded.path) };
    } else {
      // Nothing here: the answer is the parent's, and it goes stale with the parent's file.
      const parent = dirname(folder);
      result = parent === folder ? { loaded, stamp: undefined } : { loaded: this.nearest(parent), stamp: this.byFolder.get(parent)?.stamp };
    }
    this.byFolder.set(folder, result);
    return result.loaded;
  }
}
