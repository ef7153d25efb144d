// The real drizzle-kit folders of the shared corpus (lobe-chat, Zero, ai-chatbot, trigger.dev's
// dashboard-agent-db, and midday's hand-written folder): the journal and snapshot checks run on their
// untouched histories without a crash, and report exactly the integrity problems those histories have
// (each one checked by hand: see docs/drizzle.md, "On real projects").
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { lintMigrationSets, replayStatement, SchemaModel, type Finding } from "@rollsafe/core";
import { findCompatBreaks, readSnapshotText, schemaFromModel, snapshotChecks } from "@rollsafe/drizzle";
import { loadParser, parseSqlText, readMigrationSets } from "@rollsafe/parser";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "./support/corpus.js";

const INTEGRITY = new Set(["missing-migration-file", "unlisted-migration", "journal-order", "broken-snapshot-chain", "snapshot-drift"]);

function integrityFindings(folder: string): Finding[] {
  const { sets, problems } = readMigrationSets([join(CORPUS_DIR, folder)], { cwd: join(CORPUS_DIR, folder) });
  expect(problems).toEqual([]);
  expect(sets.map((s) => s.kind)).toEqual(["drizzle"]);
  const { findings } = lintMigrationSets(sets, { rules: ALL_RULES, locks: statementLocks, setChecks: [snapshotChecks], cwd: join(CORPUS_DIR, folder) });
  return findings.filter((f) => INTEGRITY.has(f.ruleId));
}

const brief = (f: Finding) => `${f.ruleId} ${f.path}:${f.range.start.line}`;

describe.skipIf(!RUN_CORPUS_TESTS)("drizzle folders of the shared corpus", () => {
  beforeAll(() => loadParser());

  it("vercel/ai-chatbot (9 migrations, 9 snapshots): nothing", () => {
    expect(integrityFindings("vercel__ai-chatbot").map(brief)).toEqual([]);
  });

  it("trigger.dev's dashboard-agent-db (6 migrations, 6 snapshots in a schema of its own): nothing", () => {
    expect(integrityFindings("triggerdotdev__trigger.dev/dashboard-agent-db").map(brief)).toEqual([]);
  });

  it("Mail-0/Zero (27 files, 26 snapshots): the journal does not list 0025_far_echo.sql (a leftover draft of 0025_nervous_paper_doll)", () => {
    expect(integrityFindings("Mail-0__Zero").map(brief)).toEqual(["unlisted-migration 0025_far_echo.sql:1"]);
  });

  it("lobe-chat (118 files, snapshots 0105-0116): 0065_add_document_fields.sql is unlisted; global_files.creator is nullable in the SQL and NOT NULL in the snapshots", () => {
    const findings = integrityFindings("lobehub__lobe-chat");
    // A whole-folder run compares the latest snapshot and points at the last statement that defines the
    // column: 0017 adds global_files.creator as a nullable column (with ON DELETE SET NULL) and no migration
    // ever sets it NOT NULL, while the snapshots (from the schema file) say notNull: true.
    expect(findings.map(brief)).toEqual(["snapshot-drift 0017_add_user_id_to_tables.sql:9", "unlisted-migration 0065_add_document_fields.sql:1"]);
    expect(findings[0]!.message).toMatch(/^After 0116_add_task_connector_message_and_verify_updates, column "creator" of "global_files" is nullable in the SQL but NOT NULL in meta\/0116_snapshot\.json/);
  });

  it("lobe-chat, checking one migration (a pull request's): its own snapshot is compared, the drift shows there", () => {
    const folder = join(CORPUS_DIR, "lobehub__lobe-chat");
    const { sets } = readMigrationSets([folder], { cwd: folder });
    const newPaths = new Set([join(folder, "0105_add_usage_agent_share_workspace.sql")]);
    const { findings } = lintMigrationSets(sets, { rules: ALL_RULES, locks: statementLocks, setChecks: [snapshotChecks], cwd: folder, newPaths });
    const drift = findings.filter((f) => f.ruleId === "snapshot-drift");
    // Only 0105 onwards are in the corpus, so 0105 is where the disagreement first shows; 0105 does not touch global_files.
    expect(drift.map(brief)).toEqual(["snapshot-drift 0105_add_usage_agent_share_workspace.sql:1"]);
    expect(drift[0]!.message).toMatch(/^After 0105_add_usage_agent_share_workspace, column "creator" of "global_files" is nullable in the SQL but NOT NULL in meta\/0105_snapshot\.json/);
  });

  it("midday (a journal with one baseline entry and no file; 39 hand-written files applied by another tool)", () => {
    const findings = integrityFindings("midday-ai__midday");
    expect(findings.filter((f) => f.ruleId === "missing-migration-file").map(brief)).toEqual(["missing-migration-file meta/_journal.json:9"]);
    expect(findings.filter((f) => f.ruleId === "unlisted-migration")).toHaveLength(39);
    expect(findings.filter((f) => f.ruleId !== "missing-migration-file" && f.ruleId !== "unlisted-migration")).toEqual([]);
  });

  describe("compat over lobe-chat's history (in process; npm run bench:compat times the CLI)", () => {
    const folder = join(CORPUS_DIR, "lobehub__lobe-chat");
    const sets = () => readMigrationSets([folder], { cwd: folder }).sets;

    it("from the first migration's schema: each break is a real incompatibility of the history", () => {
      const [set] = sets();
      const model = new SchemaModel();
      for (const statement of parseSqlText(set!.migrations[0]!.text).statements) replayStatement(model, statement, "history");
      const breaks = findCompatBreaks({ sets: [set!], isNew: (m) => m !== set!.migrations[0], expected: schemaFromModel(model) });
      const kinds: Record<string, number> = {};
      for (const b of breaks) kinds[b.kind] = (kinds[b.kind] ?? 0) + 1;
      // Dropped and renamed tables (0006, 0010), a dropped column (0003), user_id made NOT NULL on tables the
      // first release wrote without it (0017), text narrowed to varchar (0032, 0034), a new unique phone (0055).
      expect(kinds).toEqual({ "column-dropped": 1, "table-renamed": 1, "table-dropped": 6, "required-column": 5, "type-changed": 3, "new-unique": 1 });
      expect(breaks.find((b) => b.kind === "table-renamed")!.message).toBe('table "files_to_messages" is renamed to "messages_files": every query of the previous release on it fails');
    });

    it("from snapshot 0105: the unique indexes of 0108-0111 are on workspace_id, new and NULL in every row the old code writes: no break", () => {
      const [set] = sets();
      const snapshot = readSnapshotText(readFileSync(join(folder, "meta/0105_snapshot.json"), "utf8"), "meta/0105_snapshot.json").schema;
      const index = set!.migrations.findIndex((m) => m.name.startsWith("0105_"));
      const breaks = findCompatBreaks({ sets: [set!], isNew: (m) => set!.migrations.indexOf(m) > index, expected: snapshot });
      expect(breaks.map((b) => `${b.kind} ${b.table}.${b.column}`)).toEqual([]);
    });
  });
});
