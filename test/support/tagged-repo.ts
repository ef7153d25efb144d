// A real git repository in a temp folder whose commits can be tagged as releases (git CLI, argv arrays).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempProject } from "./run-cli.js";

export interface TaggedRepo {
  dir: string;
  /** Writes the files, commits them, and tags the commit (annotated) when a tag is given; returns the commit id. */
  commit(files: Record<string, string>, tag?: string): string;
  git(...args: string[]): string;
}

export function taggedRepo(files: Record<string, string> = {}): TaggedRepo {
  const dir = tempProject(files);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git("init", "-q", "-b", "main");
  git("config", "user.name", "Rollback Test");
  git("config", "user.email", "rollback@example.com");
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
      return git("rev-parse", "HEAD").trim();
    },
  };
}
