#!/usr/bin/env node
// Bundles the CLI into one ES module after `tsc -b` has type-checked and built the packages.
// Loading ~40 small modules costs ~75 ms at start-up here; one bundled file costs a fraction of it,
// and a lint run is only a few hundred milliseconds long. libpg-query stays external: its glue and
// .wasm are loaded from node_modules at run time. pg stays external too: only `rollsafe preflight` and
// `rollsafe migrate-down` load it (dynamic import), and its optional pg-native would not resolve in a bundle.
// `rollsafe verify` (and `report --verify`) import @rollsafe/verify, which is a second bundle beside this one
// (dist/verify.bundle.js, with its own copy of parser, core and rules): no other command loads or parses it,
// and PGlite (WASM and data files) stays in node_modules.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { keepRuleFileNames, REQUIRE_BANNER } from "./esbuild-plugins.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

// Chunk names carry a content hash: drop the previous build's.
rmSync(`${root}packages/cli/dist/chunks`, { recursive: true, force: true });

await build({
  entryPoints: { "rollsafe.bundle": `${root}packages/cli/dist/main.js` },
  outdir: `${root}packages/cli/dist`,
  // A module loaded with import() only by the command that needs it (the sign-off check) becomes a
  // chunk of its own, loaded only then. Without splitting esbuild inlines it and turns every module it
  // shares with the rest into a lazily initialised one (its constants become reassigned variables),
  // which costs the lint run itself.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // tinyglobby: only `drizzle diff` and `compat` glob schema paths (a dynamic import); ts-morph and
  // typescript are required at run time by those commands, never bundled. These are the published
  // package's dependencies (packages/cli/package.json); everything else is in the bundle.
  external: ["libpg-query", "pg", "tinyglobby"],
  // No source map: the package does not ship the sources one would point at.
  sourcemap: false,
  legalComments: "none",
  // commander is CommonJS and requires Node's built-ins.
  banner: { js: REQUIRE_BANNER },
  logLevel: "warning",
  // The lint cache keys its entries by this: any change to the code that computes findings invalidates them.
  define: { __ROLLSAFE_BUILD__: JSON.stringify(buildId()) },
  plugins: [keepRuleFileNames(), verifyBundleBeside()],
});

await build({
  entryPoints: [`${root}packages/verify/dist/index.js`],
  outfile: `${root}packages/cli/dist/verify.bundle.js`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["libpg-query", "pg", "@electric-sql/pglite", "@electric-sql/pglite/*", "@electric-sql/pglite-pgvector"],
  sourcemap: false,
  legalComments: "none",
  banner: { js: REQUIRE_BANNER },
  logLevel: "warning",
  plugins: [keepRuleFileNames()],
});

/**
 * `import("@rollsafe/verify")` in the command loads `./verify.bundle.js` at run time. (A chunk of the split
 * build was measured first: the chunk it shared with the entry made `rollsafe lint` start ~50 ms slower.)
 */
function verifyBundleBeside() {
  return {
    name: "verify-bundle-beside",
    setup(b) {
      b.onResolve({ filter: /^@rollsafe\/verify$/ }, () => ({ path: "./verify.bundle.js", external: true }));
    },
  };
}

/** A hash of every built module that goes into the bundle, and of the parser's version. */
function buildId() {
  const hash = createHash("sha256");
  for (const dir of ["packages/parser/dist", "packages/core/dist", "rules/dist", "packages/drizzle/dist", "packages/cli/dist"]) {
    for (const file of jsFiles(join(root, dir))) hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  hash.update(readFileSync(join(root, "node_modules/libpg-query/package.json")));
  return hash.digest("hex").slice(0, 32);
}

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".js") && !e.name.endsWith(".bundle.js") && !/[\\/]chunks$/.test(e.parentPath ?? e.path))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}
