#!/usr/bin/env node
// Bundles the CLI into one ES module after `tsc -b` has type-checked and built the packages.
// Loading ~40 small modules costs ~75 ms at start-up here; one bundled file costs a fraction of it,
// and a lint run is only a few hundred milliseconds long. libpg-query stays external: its glue and
// .wasm are loaded from node_modules at run time; so do PGlite (WASM and data files) and pg, which only
// `rollsafe verify` loads, from a second bundle (dist/verify.bundle.js) that only it imports.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}packages/cli/dist`;
// An earlier layout split the bundle into chunks; none are used now.
rmSync(`${dist}/chunks`, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  // commander is CommonJS and requires Node's built-ins; give the ES module bundle a require().
  banner: { js: 'import { createRequire as __rollsafeCreateRequire } from "node:module"; const require = __rollsafeCreateRequire(import.meta.url);' },
  logLevel: "warning",
  plugins: [keepRuleFileNames()],
};

// The command. `@rollsafe/verify` (only `rollsafe verify` and `report --verify` import it, dynamically)
// is the second bundle beside it, so no other command loads or even parses it.
await build({
  ...common,
  entryPoints: [`${root}packages/cli/dist/main.js`],
  outfile: `${dist}/rollsafe.bundle.js`,
  external: ["libpg-query"],
  // The lint cache keys its entries by this: any change to the code that computes findings invalidates them.
  define: { __ROLLSAFE_BUILD__: JSON.stringify(buildId()) },
  plugins: [...common.plugins, verifyBundleBeside()],
});

// verify: its own copy of the parser, core and rules (a second grammar load, ~50 ms, in a run of seconds);
// PGlite (WASM and data files) and pg stay in node_modules.
await build({
  ...common,
  entryPoints: [`${root}packages/verify/dist/index.js`],
  outfile: `${dist}/verify.bundle.js`,
  external: ["libpg-query", "@electric-sql/pglite", "@electric-sql/pglite/*", "@electric-sql/pglite-pgvector", "pg"],
});

/** `import("@rollsafe/verify")` in the command loads `./verify.bundle.js` at run time. */
function verifyBundleBeside() {
  return {
    name: "verify-bundle-beside",
    setup(b) {
      b.onResolve({ filter: /^@rollsafe\/verify$/ }, () => ({ path: "./verify.bundle.js", external: true }));
    },
  };
}

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
  for (const dir of ["packages/parser/dist", "packages/core/dist", "rules/dist", "packages/cli/dist"]) {
    for (const file of jsFiles(join(root, dir))) hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  hash.update(readFileSync(join(root, "node_modules/libpg-query/package.json")));
  return hash.digest("hex").slice(0, 32);
}

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".js") && !e.name.endsWith(".bundle.js"))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}
