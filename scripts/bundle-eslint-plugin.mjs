#!/usr/bin/env node
// Bundles eslint-plugin-rollsafe into one ES module after `tsc -b`: rollsafe's own packages (parser,
// core, rules, drizzle) go into it, so the published plugin installs alone; its third-party
// dependencies (packages/eslint-plugin/package.json) stay outside, loaded from node_modules. The
// tests import the plugin by its package name, so they run this bundle, as a user does.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { keepRuleFileNames, REQUIRE_BANNER } from "./esbuild-plugins.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

await build({
  entryPoints: [`${root}packages/eslint-plugin/dist/index.js`],
  outfile: `${root}packages/eslint-plugin/dist/plugin.bundle.js`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // libpg-query loads its .wasm from its own folder; typescript and ts-morph are the user's (the
  // parser needs TypeScript, which typescript-eslint's peer dependency brings).
  external: ["libpg-query", "@typescript-eslint/*", "@eslint/plugin-kit", "eslint", "typescript", "ts-morph", "tinyglobby"],
  sourcemap: false,
  legalComments: "none",
  banner: { js: REQUIRE_BANNER },
  logLevel: "warning",
  plugins: [keepRuleFileNames()],
});
