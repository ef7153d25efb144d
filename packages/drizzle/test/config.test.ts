import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "@rollsafe/core";
import { assertPostgresDialect, findDrizzleConfig, readDrizzleConfig, requireStatic, schemaFilePaths, schemaFilePathsSync } from "@rollsafe/drizzle";
import { describe, expect, it } from "vitest";
import { tempDir } from "./support/temp-dir.js";

const TS_CONFIG = `import { defineConfig } from "drizzle-kit";

const out = "./db/migrations";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/db/schema.ts", "./src/db/auth/*.ts"],
  out,
  casing: "snake_case",
  dbCredentials: { url: process.env.DATABASE_URL! },
  migrations: { table: "migrations_log", schema: "ops" },
});
`;

describe("findDrizzleConfig", () => {
  it("finds the config in the folder or above, up to the repository root", () => {
    const root = tempDir({ ".git/HEAD": "ref: refs/heads/main\n", "drizzle.config.ts": TS_CONFIG, "packages/app/src/.keep": "" });
    expect(findDrizzleConfig(join(root, "packages/app/src"))).toBe(join(root, "drizzle.config.ts"));
    expect(findDrizzleConfig(root)).toBe(join(root, "drizzle.config.ts"));
  });

  it("prefers the nearest folder, and in a folder .ts over .json", () => {
    const root = tempDir({ ".git/HEAD": "", "drizzle.config.json": "{}", "app/drizzle.config.json": "{}", "app/drizzle.config.ts": TS_CONFIG });
    expect(findDrizzleConfig(join(root, "app"))).toBe(join(root, "app/drizzle.config.ts"));
  });

  it("does not look above the repository root", () => {
    const outer = tempDir({ "drizzle.config.ts": TS_CONFIG });
    mkdirSync(join(outer, "repo/.git"), { recursive: true });
    expect(findDrizzleConfig(join(outer, "repo"))).toBeUndefined();
  });
});

describe("readDrizzleConfig", () => {
  it("reads defineConfig({...}) statically: out (through a const), schema, dialect, casing, migrations table and schema", () => {
    const dir = tempDir({ "drizzle.config.ts": TS_CONFIG });
    const config = readDrizzleConfig(join(dir, "drizzle.config.ts"), dir);
    expect(config).toMatchObject({
      shown: "drizzle.config.ts",
      dialect: "postgresql",
      out: join(dir, "db/migrations"),
      schema: [join(dir, "src/db/schema.ts"), join(dir, "src/db/auth/*.ts")],
      casing: "snake_case",
      migrationsTable: { table: "migrations_log", schema: "ops" },
    });
    // dbCredentials comes from the environment: that is fine as long as nobody asks for it.
    expect(config.unreadable.size).toBe(0);
  });

  it.each([
    ["drizzle.config.ts", 'import type { Config } from "drizzle-kit";\nexport default { dialect: "postgresql", out: "./m", schema: "./s.ts" } satisfies Config;\n'],
    ["drizzle.config.mts", 'const config = { dialect: "postgresql", out: "./m", schema: "./s.ts" } as const;\nexport default config;\n'],
    ["drizzle.config.js", 'module.exports = defineConfig({ dialect: "postgresql", out: "./m", schema: "./s.ts" });\n'],
    ["drizzle.config.mjs", "export default {\n  dialect: 'postgresql',\n  out: `./m`,\n  schema: './s.ts',\n};\n"],
    ["drizzle.config.json", '{ "dialect": "postgresql", "out": "./m", "schema": "./s.ts" }'],
  ])("reads %s", (name, text) => {
    const dir = tempDir({ [name]: text });
    const config = readDrizzleConfig(join(dir, name), dir);
    expect([config.dialect, config.out, config.schema]).toEqual(["postgresql", join(dir, "m"), [join(dir, "s.ts")]]);
    expect(config.migrationsTable).toEqual({ table: "__drizzle_migrations", schema: "drizzle" });
  });

  it("defaults out to drizzle/ next to the config", () => {
    const dir = tempDir({ "drizzle.config.json": '{ "dialect": "postgresql", "schema": "./s.ts" }' });
    expect(readDrizzleConfig(join(dir, "drizzle.config.json"), dir).out).toBe(join(dir, "drizzle"));
  });

  it("names the field that cannot be read statically, with its place, when it is needed", () => {
    const dir = tempDir({ "drizzle.config.ts": 'import { defineConfig } from "drizzle-kit";\nexport default defineConfig({\n  dialect: "postgresql",\n  out: process.env.MIGRATIONS_DIR ?? "./drizzle",\n  schema: "./src/schema.ts",\n});\n' });
    const config = readDrizzleConfig(join(dir, "drizzle.config.ts"), dir);
    expect(() => requireStatic(config, "dialect", "schema")).not.toThrow();
    expect(() => requireStatic(config, "out")).toThrow(ConfigError);
    expect(() => requireStatic(config, "out")).toThrow(/^drizzle\.config\.ts:4:8 \(process\.env\.MIGRATIONS_DIR \?\? "\.\/drizzle"\): drizzle config field "out" cannot be read without running the file/);
  });

  it("says so when the exported config is not an object it can read", () => {
    const dir = tempDir({ "drizzle.config.ts": 'import { makeConfig } from "./config-factory";\nexport default makeConfig("prod");\n' });
    expect(() => readDrizzleConfig(join(dir, "drizzle.config.ts"), dir)).toThrow(/^drizzle\.config\.ts:2:16: the exported config is not an object literal/);
    const none = tempDir({ "drizzle.config.ts": "const x = 1;\n" });
    expect(() => readDrizzleConfig(join(none, "drizzle.config.ts"), none)).toThrow(/no `export default defineConfig/);
  });

  it("reads drizzle-kit's older driver: \"pg\" as PostgreSQL", () => {
    const dir = tempDir({ "drizzle.config.ts": 'export default { driver: "pg", out: "./m", schema: "./s.ts" };\n' });
    expect(readDrizzleConfig(join(dir, "drizzle.config.ts"), dir).dialect).toBe("postgresql");
  });
});

describe("dialects", () => {
  it.each(["mysql", "sqlite", "turso", "singlestore", "gel"])("%s is not supported yet (a usage error, never findings)", (dialect) => {
    expect(() => assertPostgresDialect(dialect, "drizzle.config.ts")).toThrow(new ConfigError(`drizzle.config.ts: not supported yet: ${dialect} (rollsafe checks PostgreSQL migrations; drizzle-kit's dialect here is "${dialect}")`));
  });

  it("postgresql (and the old pg) are", () => {
    expect(() => assertPostgresDialect("postgresql", "x")).not.toThrow();
    expect(() => assertPostgresDialect("pg", "x")).not.toThrow();
  });
});

describe("schemaFilePaths and schemaFilePathsSync", () => {
  it("expand files, folders and globs to the same source files, in name order, without node_modules", async () => {
    const root = tempDir({
      "src/db/schema.ts": "",
      "src/db/auth/users.ts": "",
      "src/db/auth/notes.md": "",
      "src/db/auth/node_modules/x/y.ts": "",
      "src/models/b.mts": "",
      "src/models/a.js": "",
      "src/models/sub/c.ts": "",
    });
    const patterns = [join(root, "src/db/schema.ts"), `${root}/src/db/auth/*`, join(root, "src/models"), join(root, "src/missing.ts")];
    const expected = ["src/db/auth/users.ts", "src/db/schema.ts", "src/missing.ts", "src/models/a.js", "src/models/b.mts", "src/models/sub/c.ts"].map((p) => join(root, p));
    expect(await schemaFilePaths(patterns)).toEqual(expected);
    expect(schemaFilePathsSync(patterns)).toEqual(expected);
  });
});
