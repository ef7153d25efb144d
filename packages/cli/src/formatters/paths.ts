// Paths as CI services want them: forward slashes, relative to a base folder when the file is inside it.
import { isAbsolute, relative, resolve, sep } from "node:path";

/** `path` (as reported, relative to `cwd` or absolute) relative to `base`, with forward slashes; undefined when outside `base`. */
export function pathInside(path: string, cwd: string, base: string): string | undefined {
  const rel = relative(resolve(base), resolve(cwd, path));
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return toSlashes(rel);
}

export function toSlashes(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
