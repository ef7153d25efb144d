// Real git repositories in temp folders, built with the git CLI (argv arrays, no shell).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempProject } from "./run-cli.js";

/** Runs git in `dir` and returns its stdout. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Writes files (paths relative to `dir`). */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Stages everything and commits. */
export function commitAll(dir: string, message: string): void {
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "--no-gpg-sign", "-m", message);
}

/** A repository whose `main` branch has one commit with `files`, and a `feature` branch checked out from it. */
export function repoWithMain(files: Record<string, string>): string {
  const dir = tempProject({});
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "config", "user.name", "rollsafe test");
  git(dir, "config", "user.email", "test@rollsafe.invalid");
  git(dir, "config", "commit.gpgsign", "false");
  writeFiles(dir, files);
  commitAll(dir, "main: migrations");
  git(dir, "checkout", "--quiet", "-b", "feature");
  return dir;
}

/** A repository with a history of tagged commits, for the commands that read releases from git. */
export interface Repo {
  dir: string;
  /** Writes the files, commits them, and tags the commit (an annotated tag) when a tag is given. */
  commit(files: Record<string, string | Buffer>, tag?: string): void;
  git(...args: string[]): string;
}

export function gitRepo(files: Record<string, string> = {}): Repo {
  const dir = tempProject(files);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "Report Test");
  git(dir, "config", "user.email", "report@example.com");
  git(dir, "config", "commit.gpgsign", "false");
  git(dir, "config", "tag.gpgsign", "false");
  let n = 0;
  return {
    dir,
    git: (...args) => git(dir, ...args),
    commit(more, tag) {
      writeFiles(dir, more);
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "--allow-empty", "-m", `commit ${++n}`);
      if (tag) git(dir, "tag", "-a", tag, "-m", tag);
    },
  };
}
