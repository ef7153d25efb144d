#!/usr/bin/env node
// Bundles the CLI into one ES module after `tsc -b` has type-checked and built the packages.
// Loading ~40 small modules costs ~75 ms at start-up here; one bundled file costs a fraction of it,
// and a lint run is only a few hundred milliseconds long. libpg-query stays external: its glue and
// .wasm are loaded from node_modules at run time.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

await build({
  entryPoints: [`${root}packages/cli/dist/main.js`],
  outdir: `${root}packages/cli/dist`,
  entryNames: "rollsafe.bundle",
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["libpg-query", "@electric-sql/pglite", "@electric-sql/pglite-pgvector", "pg"],
  sourcemap: true,
  legalComments: "none",
  // commander is CommonJS and requires Node's built-ins; give the ES module bundle a require().
  banner: { js: 'import { createRequire as __rollsafeCreateRequire } from "node:module"; const require = __rollsafeCreateRequire(import.meta.url);' },
  logLevel: "warning",
  plugins: [keepRuleFileNames()],
});

/**
 * A rule's id is its file name, read from `import.meta.url` by defineRule. In a bundle every module
 * shares the bundle's URL, so each rule module's `import.meta.url` is replaced by a URL that keeps
 * its own file name.
 */
function keepRuleFileNames() {
  return {
    name: "keep-rule-file-names",
    setup(b) {
      b.onLoad({ filter: /[\\/]rules[\\/]dist[\\/][^\\/]+\.js$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const url = JSON.stringify(`file:///rollsafe/rules/${basename(args.path)}`);
        return { contents: source.replaceAll("import.meta.url", url), loader: "js" };
      });
    },
  };
}
