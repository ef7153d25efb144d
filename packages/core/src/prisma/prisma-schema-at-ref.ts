// The Prisma schema a commit holds, as a code schema: every `.prisma` file under the working
// directory's folder at that commit (one schema.prisma, or the files of a multi-file schema folder),
// read from git objects in memory (nothing is written to disk).
import { relative, resolve } from "node:path";
import { readBlobs } from "../git/read-blobs.js";
import { treeEntries } from "../git/tree-entries.js";
import type { CodeSchema } from "../report/code-schema.js";
import { readPrismaSchema } from "./read-prisma-schema.js";

/**
 * `cwd` is a repository path (forward slashes, `.` for the root); `shownFrom` is the absolute working
 * directory, display paths are relative to it. Undefined when the commit has no Prisma schema there.
 */
export function prismaSchemaAtRef(root: string, commit: string, ref: string, cwd: string, shownFrom: string): CodeSchema | undefined {
  const entries = treeEntries(root, commit, cwd).filter((e) => e.path.endsWith(".prisma") && !e.path.split("/").includes("node_modules"));
  if (entries.length === 0) return undefined;
  const blobs = new Map<string, Buffer>();
  readBlobs(root, entries.map((e) => e.blob), blobs);
  const texts = entries.flatMap((e) => {
    const blob = blobs.get(e.blob);
    return blob ? [blob.toString("utf8")] : [];
  });
  const schema = readPrismaSchema(texts);
  if (Object.keys(schema.tables).length === 0) return undefined;
  const files = entries.map((e) => relative(shownFrom, resolve(root, e.path)) || e.path);
  return { ref, files, ...schema };
}
