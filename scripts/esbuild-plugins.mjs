// esbuild plugins shared by the bundles of the CLI (scripts/bundle-cli.mjs) and the ESLint plugin
// (scripts/bundle-eslint-plugin.mjs).
import { readFile } from "node:fs/promises";
import { basename } from "node:path";

/**
 * A rule's id is its file name, read from `import.meta.url` by defineRule. In a bundle every module
 * shares the bundle's URL, so each rule module's `import.meta.url` is replaced by a URL that keeps
 * its own file name.
 */
export function keepRuleFileNames() {
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

/** CommonJS dependencies inside an ES module bundle call require(): give the bundle one. */
export const REQUIRE_BANNER = 'import { createRequire as __rollsafeCreateRequire } from "node:module"; const require = __rollsafeCreateRequire(import.meta.url);';
