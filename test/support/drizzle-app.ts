// fixtures/drizzle-app's history as a real git repository in a temp folder: each version (v1..v4) is
// copied over the previous one, committed and tagged (fixtures/drizzle-app/README.md). drizzle-orm is
// linked from the repository's node_modules so that the type checker resolves the app's types.
import { cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { commitAll, git, writeFiles } from "./git-repo.js";
import { REPO_ROOT, tempProject } from "./run-cli.js";

export const APP_FIXTURE = join(REPO_ROOT, "fixtures/drizzle-app");
export const APP_VERSIONS = ["v1", "v2", "v3", "v4"] as const;

/** A repository with v1..`upTo` committed and tagged, the last one checked out. */
export function drizzleAppRepo(upTo: (typeof APP_VERSIONS)[number] = "v4"): string {
  const dir = tempProject({});
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "config", "user.name", "rollsafe test");
  git(dir, "config", "user.email", "test@rollsafe.invalid");
  git(dir, "config", "commit.gpgsign", "false");
  writeFiles(dir, { ".gitignore": "node_modules\n" });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(REPO_ROOT, "node_modules/drizzle-orm"), join(dir, "node_modules/drizzle-orm"), "dir");
  for (const version of APP_VERSIONS) {
    cpSync(join(APP_FIXTURE, version), dir, { recursive: true });
    commitAll(dir, `drizzle-app ${version}`);
    git(dir, "tag", version);
    if (version === upTo) break;
  }
  return dir;
}
