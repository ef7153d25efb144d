// A small path into a command's JSON output: `1.headSha`, `[1].headSha`, `release.tag`, `0`.

/** The value at the path, or undefined when some part of it is missing. */
export function atJsonPath(value: unknown, path: string): unknown {
  const parts = path.replace(/\[(\d+)\]/g, ".$1").split(".").filter((p) => p !== "");
  let at: unknown = value;
  for (const part of parts) {
    if (Array.isArray(at) && /^\d+$/.test(part)) at = at[Number(part)];
    else if (at !== null && typeof at === "object" && Object.hasOwn(at, part)) at = (at as Record<string, unknown>)[part];
    else return undefined;
  }
  return at;
}
