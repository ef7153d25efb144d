// TypeScript's compiler, loaded only when a command needs it (never on `rollsafe lint <path>`). Through
// require(): importing the 9 MB CommonJS file as an ES module costs ~600 ms more (Node analyses it for
// named exports). The project's own TypeScript when it has one (rollsafe declares it as an optional
// peer, so npm never installs a second copy), else the copy ts-morph bundles.
import { createRequire } from "node:module";
import { isPackageMissing, missingPackage } from "@rollsafe/core";
import type * as TypeScript from "typescript";

let loaded: typeof TypeScript | undefined;

export function loadTypeScript(): typeof TypeScript {
  loaded ??= requireTypeScript();
  return loaded;
}

function requireTypeScript(): typeof TypeScript {
  const require = createRequire(import.meta.url);
  try {
    return require("typescript") as typeof TypeScript;
  } catch (error) {
    if (!isPackageMissing(error, "typescript")) throw error;
  }
  try {
    return (require("ts-morph") as { ts: typeof TypeScript }).ts;
  } catch (error) {
    if (!isPackageMissing(error, "ts-morph")) throw error;
  }
  throw missingPackage("typescript", "Reading a TypeScript configuration (drizzle.config.ts)");
}

export type { TypeScript };
