// The expand/contract way to reach each dangerous change, as short numbered steps in the change's names.

export const ADVICE = {
  dropTable: (t: string) => `1. Ship a release whose code no longer reads or writes ${t} (keep it in the schema file). 2. Once no running version uses it, remove it from the schema file and generate the DROP in a later release (backup first: the data is gone).`,
  dropColumn: (t: string, c: string) => `1. Ship a release whose code no longer reads or writes ${t}.${c} (select columns explicitly; keep the column in the schema file, nullable or with a default). 2. Once no running version uses it, remove it from the schema file and generate the DROP in a later release.`,
  rename: (t: string, from: string, to: string) => `A rename done as drop+add loses the data and breaks the previous release. Expand: add ${to} (nullable), write both columns, backfill ${to} from ${from}. Contract, in a later release: read ${to} only, then drop ${from}.`,
  requiredColumn: (t: string, c: string) => `1. Add ${t}.${c} as nullable (or with a .default(...)): old inserts keep working. 2. Backfill it and make the code always write it. 3. In a later release, make it .notNull() (drizzle-kit generates SET NOT NULL; on a large table add a CHECK (${c} IS NOT NULL) NOT VALID and validate it first).`,
  alterType: (t: string, c: string) => `1. Add a new column with the new type and write both. 2. Backfill it in batches. 3. Switch reads to the new column. 4. In a later release, drop ${t}.${c} (or rename once nothing uses the old name).`,
  setNotNull: (t: string, c: string) => `1. Ship code that never writes NULL into ${t}.${c} and backfill the NULLs. 2. Then add .notNull(); in a custom migration, add CHECK (${c} IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (no long scan under lock).`,
  dropNotNull: (t: string, c: string) => `Make sure the previous release copes with NULL in ${t}.${c} when it reads it (or ship that first), then drop .notNull().`,
  dropDefault: (t: string, c: string) => `Ship code that always writes ${t}.${c} first; drop the .default(...) in a later release.`,
  addUnique: (t: string, cols: string) => `1. Make sure no running release writes duplicates of ${t} (${cols}), and remove existing ones. 2. In a custom migration (outside drizzle-kit's transaction), CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX.`,
  addIndex: (t: string) => `drizzle-kit generates CREATE INDEX, which blocks writes to ${t} while it builds, and its migrator runs every migration in one transaction, where CONCURRENTLY is not allowed: build big indexes with CREATE INDEX CONCURRENTLY outside drizzle-kit's migrator (or on a table small enough to lock).`,
  addForeignKey: (t: string, c: string) => `1. Ship code that writes only valid ${t}.${c} values and clean up orphans. 2. In a custom migration, ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in another transaction.`,
  dropEnumValue: (e: string) => `1. Ship code that no longer writes the value(s), and update the rows that hold them. 2. Then remove them from ${e} (drizzle-kit recreates the type).`,
};
