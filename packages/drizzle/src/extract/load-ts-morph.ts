// ts-morph, loaded only by the commands that read schema files (`rollsafe drizzle diff`, `rollsafe
// compat`), through require() like TypeScript itself (see config/load-typescript.ts): ~0.3 s.
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";

let loaded: typeof TsMorph | undefined;

export function loadTsMorph(): typeof TsMorph {
  loaded ??= createRequire(import.meta.url)("ts-morph") as typeof TsMorph;
  return loaded;
}

export type { TsMorph };
