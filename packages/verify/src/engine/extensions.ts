// Which extensions PGlite can load. PGlite needs an extension's module when the instance is created,
// so the migrations are scanned for CREATE EXTENSION first. The contrib modules ship inside
// @electric-sql/pglite; pgvector is its own package.
import type { Extension } from "@electric-sql/pglite";
import { isPackageMissing, missingPackage } from "@rollsafe/core";

/** Extension name as CREATE EXTENSION spells it -> module under `@electric-sql/pglite/contrib/`. */
const CONTRIB: Record<string, string> = {
  amcheck: "amcheck",
  auto_explain: "auto_explain",
  bloom: "bloom",
  btree_gin: "btree_gin",
  btree_gist: "btree_gist",
  citext: "citext",
  cube: "cube",
  dict_int: "dict_int",
  dict_xsyn: "dict_xsyn",
  earthdistance: "earthdistance",
  file_fdw: "file_fdw",
  fuzzystrmatch: "fuzzystrmatch",
  hstore: "hstore",
  intarray: "intarray",
  isn: "isn",
  lo: "lo",
  ltree: "ltree",
  moddatetime: "moddatetime",
  pageinspect: "pageinspect",
  pg_buffercache: "pg_buffercache",
  pg_freespacemap: "pg_freespacemap",
  pg_stat_statements: "pg_stat_statements",
  pg_surgery: "pg_surgery",
  pg_trgm: "pg_trgm",
  pg_visibility: "pg_visibility",
  pg_walinspect: "pg_walinspect",
  pgcrypto: "pgcrypto",
  seg: "seg",
  tablefunc: "tablefunc",
  tcn: "tcn",
  tsm_system_rows: "tsm_system_rows",
  tsm_system_time: "tsm_system_time",
  unaccent: "unaccent",
  "uuid-ossp": "uuid_ossp",
};

/** Built into every PostgreSQL: CREATE EXTENSION needs no module. */
const BUILT_IN = new Set(["plpgsql"]);

/** Whether PGlite can provide the extension (a contrib module, pgvector, or built in). */
export function pgliteHasExtension(name: string): boolean {
  return BUILT_IN.has(name) || name in CONTRIB || name === "vector";
}

/** Loads the PGlite modules for the extensions it has; the others are left for the caller to report. */
export async function loadPgliteExtensions(names: Iterable<string>): Promise<Record<string, Extension>> {
  const modules: Record<string, Extension> = {};
  for (const name of [...new Set(names)].sort()) {
    if (BUILT_IN.has(name)) continue;
    if (name === "vector") {
      const { vector } = await import("@electric-sql/pglite-pgvector").catch((error: unknown) => {
        throw isPackageMissing(error, "@electric-sql/pglite-pgvector") ? missingPackage("@electric-sql/pglite-pgvector", "CREATE EXTENSION vector on PGlite") : error;
      });
      modules.vector = vector;
      continue;
    }
    const module = CONTRIB[name];
    if (!module) continue;
    const loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, Extension>;
    const extension = loaded[module];
    if (extension) modules[module] = extension;
  }
  return modules;
}

/**
 * Objects well-known extensions provide, so that a statement failing on one of them after the
 * extension could not be created is reported as "needs the extension", not as a broken migration.
 */
export const EXTENSION_OBJECTS: Record<string, readonly string[]> = {
  vector: ["vector", "halfvec", "sparsevec", "hnsw", "ivfflat", "vector_l2_ops", "vector_cosine_ops", "vector_ip_ops"],
  pg_search: ["bm25", "paradedb", "@@@"],
  postgis: ["geometry", "geography", "box2d", "box3d", "gist_geometry_ops", "st_"],
  timescaledb: ["create_hypertable", "timescaledb", "time_bucket"],
  pg_cron: ["cron"],
  pg_partman: ["partman"],
  citext: ["citext"],
  hstore: ["hstore"],
  ltree: ["ltree"],
  pg_trgm: ["gin_trgm_ops", "gist_trgm_ops", "similarity"],
  "uuid-ossp": ["uuid_generate_v1", "uuid_generate_v4"],
  pgcrypto: ["gen_random_bytes", "crypt", "gen_salt", "digest"],
};
