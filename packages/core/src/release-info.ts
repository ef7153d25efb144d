// The release this code is, for the links it prints: one place, kept equal to every package.json's
// `version` and `repository` by test/package-metadata.test.ts and bumped by scripts/release-version.mjs.
// A constant rather than a read of package.json: the CLI and the ESLint plugin are bundles, and a
// bundle's import.meta.url is not this module's.

export const ROLLSAFE_VERSION = "0.1.0";

/** The public repository: package.json's `repository`, without `git+` and `.git`. */
export const REPOSITORY_URL = "https://github.com/rollsafe/rollsafe";
