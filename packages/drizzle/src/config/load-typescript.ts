// TypeScript's compiler, loaded only when a command needs it (never on `rollsafe lint <path>`). Through
// require(): importing the 9 MB CommonJS file as an ES module costs ~600 ms more (Node analyses it for
// named exports).
import { createRequire } from "node:module";
import type * as TypeScript from "typescript";

let loaded: typeof TypeScript | undefined;

export function loadTypeScript(): typeof TypeScript {
  loaded ??= createRequire(import.meta.url)("typescript") as typeof TypeScript;
  return loaded;
}

export type { TypeScript };
