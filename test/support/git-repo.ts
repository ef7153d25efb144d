// A real git repository in a temp folder, for end-to-end tests of the commands that read git.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempProject } from "./run-cli.js";

export interface Repo {
  dir: string;
  /** Writes the files, commits them, and tags the commit when a tag is given. */
  commit(files: Record<string, string | Buffer>, tag?: string): void;
  git(...args: string[]): string;
}

export function gitRepo(files: Record<string, string> = {}): Repo {
  const dir = tempProject(files);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git("init", "-q", "-b", "main");
  git("config", "user.name", "Report Test");
  git("config", "user.email", "report@example.com");
  git("config", "commit.gpgsign", "false");
  git("config", "tag.gpgsign", "false");
  let n = 0;
  return {
    dir,
    git,
    commit(more, tag) {
      for (const [path, text] of Object.entries(more)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", `commit ${++n}`);
      if (tag) git("tag", "-a", tag, "-m", tag);
    },
  };
}
