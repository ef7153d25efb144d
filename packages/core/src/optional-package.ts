// The heavy libraries a few commands load (ts-morph for schema files, PGlite for verify, TypeScript for
// drizzle.config.ts) install with rollsafe as optional dependencies: an install that left one out
// (`npm i --omit=optional`, a failed download) gets one line naming the package, not a stack trace.
import { ConfigError } from "./config.js";

/** Whether `error` says that `name` itself (not something it imports) could not be found. */
export function isPackageMissing(error: unknown, name: string): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (e?.code !== "MODULE_NOT_FOUND" && e?.code !== "ERR_MODULE_NOT_FOUND") return false;
  return new RegExp(`['"]${name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(/[^'"]*)?['"]`).test(e.message ?? "");
}

/** The one-line error for a missing optional package. */
export function missingPackage(name: string, neededFor: string): ConfigError {
  return new ConfigError(`${neededFor} needs the package ${name}, which is not installed: run npm i -D ${name}`);
}
