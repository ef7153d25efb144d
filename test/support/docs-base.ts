// The docs links a build prints, derived here from package.json (not from the constant the code uses):
// the repository URL plus the version's tag.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./run-cli.js";

interface PackageJson {
  version: string;
  repository: { url: string };
}

const cli = JSON.parse(readFileSync(join(REPO_ROOT, "packages/cli/package.json"), "utf8")) as PackageJson;

/** `https://github.com/<owner>/<name>/blob/v<version>/docs/`. */
export const DOCS_BASE = `${cli.repository.url.replace(/^git\+/, "").replace(/\.git$/, "")}/blob/v${cli.version}/docs/`;
