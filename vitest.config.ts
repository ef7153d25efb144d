import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the CLI end-to-end tests spawn the built bin.
    alias: {
      "@rollsafe/parser": here("packages/parser/src/index.ts"),
      // The subpath first: an alias matches by prefix, in this order.
      "@rollsafe/core/signoff": here("packages/core/src/signoff/index.ts"),
      "@rollsafe/core": here("packages/core/src/index.ts"),
      "@rollsafe/rules": here("rules/index.ts"),
      "@rollsafe/verify": here("packages/verify/src/index.ts"),
      "@rollsafe/drizzle/estree": here("packages/drizzle/src/estree/index.ts"),
      "@rollsafe/drizzle": here("packages/drizzle/src/index.ts"),
      "@rollsafe/executor": here("packages/executor/src/index.ts"),
      "eslint-plugin-rollsafe": here("packages/eslint-plugin/src/index.ts"),
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
