// The bytes of many blobs in one git process (`git cat-file --batch`), exactly as stored.
import { execFileSync } from "node:child_process";
import { ConfigError } from "../config.js";
import { GitCommandError } from "./run-git.js";

/** Reads each blob id once; ids already in `cache` are not asked for again. */
export function readBlobs(root: string, blobs: readonly string[], cache: Map<string, Buffer> = new Map()): Map<string, Buffer> {
  const wanted = [...new Set(blobs)].filter((b) => !cache.has(b));
  if (wanted.length === 0) return cache;
  let output: Buffer;
  try {
    output = execFileSync("git", ["cat-file", "--batch"], { cwd: root, input: `${wanted.join("\n")}\n`, maxBuffer: 1024 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" } });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { status?: number | null; stderr?: Buffer };
    if (e.code === "ENOENT") throw new ConfigError("report: needs git, and no git command was found on PATH");
    throw new GitCommandError(["cat-file", "--batch"], e.status ?? null, e.stderr?.toString("utf8") ?? "");
  }
  let at = 0;
  for (const blob of wanted) {
    const headerEnd = output.indexOf(0x0a, at);
    const header = output.subarray(at, headerEnd).toString("utf8").split(" ");
    if (header[1] !== "blob") throw new GitCommandError(["cat-file", "--batch"], 0, `${blob}: ${header.join(" ")}`);
    const size = Number(header[2]);
    cache.set(blob, output.subarray(headerEnd + 1, headerEnd + 1 + size));
    at = headerEnd + 1 + size + 1;
  }
  return cache;
}
