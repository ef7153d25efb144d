#!/usr/bin/env node
// The published plugin's types: one declaration file with rollsafe's own packages inlined (the plugin
// ships without them), third-party types (@eslint/core, typescript-eslint) left as imports.
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const internal = /^@rollsafe\//;
const INTERNAL_TYPES = { "@rollsafe/core": "packages/core", "@rollsafe/parser": "packages/parser", "@rollsafe/rules": "rules", "@rollsafe/drizzle": "packages/drizzle" };

/** rollsafe's packages by their built declarations (the workspace links carry no types field for rollup). */
const resolveInternal = {
  name: "resolve-rollsafe-types",
  resolveId(id) {
    const dir = INTERNAL_TYPES[id];
    return dir ? `${root}${dir}/dist/index.d.ts` : null;
  },
};

const bundle = await rollup({
  input: `${root}packages/eslint-plugin/dist/index.d.ts`,
  // Everything that is not rollsafe's own stays an import of the user's installed package.
  external: (id) => !id.startsWith(".") && !id.startsWith("/") && !internal.test(id),
  plugins: [resolveInternal, dts({ respectExternal: true })],
  onwarn: (warning) => {
    if (warning.code === "CIRCULAR_DEPENDENCY") return;
    throw new Error(`plugin types: ${warning.message}`);
  },
});
await bundle.write({ file: `${root}packages/eslint-plugin/dist/plugin.bundle.d.ts`, format: "es" });
await bundle.close();
