// ts-morph, loaded only by the commands that read schema files (`rollsafe drizzle diff`, `rollsafe
// compat`), through require() like TypeScript itself (see config/load-typescript.ts): ~0.3 s.
import { createRequire } from "node:module";
import { isPackageMissing, missingPackage } from "@rollsafe/core";
import type * as TsMorph from "ts-morph";

let loaded: typeof TsMorph | undefined;

export function loadTsMorph(): typeof TsMorph {
  loaded ??= requireTsMorph();
  return loaded;
}

function requireTsMorph(): typeof TsMorph {
  try {
    return createRequire(import.meta.url)("ts-morph") as typeof TsMorph;
  } catch (error) {
    if (isPackageMissing(error, "ts-morph")) throw missingPackage("ts-morph", "Reading Drizzle schema files");
    throw error;
  }
}

export type { TsMorph };
