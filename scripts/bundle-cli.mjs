#!/usr/bin/env node
// Bundles the CLI into one ES module after `tsc -b` has type-checked and built the packages.
// Loading ~40 small modules costs ~75 ms at start-up here; one bundled file costs a fraction of it,
// and a lint run is only a few hundred milliseconds long. libpg-query stays external: its glue and
// .wasm are loaded from node_modules at run time; so do PGlite (WASM and data files) and pg, which only
// `rollsafe verify` loads. Code splitting puts what only a lazily imported command needs (verify) in
// chunks of its own (dist/chunks/), so `rollsafe lint` never parses it.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// Chunk names carry content hashes: the previous build's chunks would pile up.
rmSync(`${root}packages/cli/dist/chunks`, { recursive: true, force: true });

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
  // The lint cache keys its entries by this: any change to the code that computes findings invalidates them.
  define: { __ROLLSAFE_BUILD__: JSON.stringify(buildId()) },
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

/** A hash of every built module that goes into the bundle, and of the parser's version. */
function buildId() {
  const hash = createHash("sha256");
  for (const dir of ["packages/parser/dist", "packages/core/dist", "rules/dist", "packages/verify/dist", "packages/cli/dist"]) {
    for (const file of jsFiles(join(root, dir))) hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  hash.update(readFileSync(join(root, "node_modules/libpg-query/package.json")));
  return hash.digest("hex").slice(0, 32);
}

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    // The bundle's own output (the entry and dist/chunks/) is not an input of the build.
    .filter((e) => e.isFile() && e.name.endsWith(".js") && !e.name.endsWith(".bundle.js") && !(e.parentPath ?? e.path).split(/[\\/]/).includes("chunks"))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}
