// What the static side predicts for each statement, computed the way `rollsafe lint` does it: the
// schema model replayed from the migrations before it, the lock table of the rules (with the foreign
// keys the model knows) and the table-rewrite rule, each migration its own change.
import { MigrationTracker, replayStatement, SchemaModel, type RuleContext, type TableLock } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";
import type { PlannedMigration } from "./plan.js";

export interface Prediction {
  locks: TableLock[];
  /** The table-rewrite rule reports the statement. */
  rewrite: boolean;
}

const TABLE_REWRITE = ALL_RULES.find((r) => r.id === "table-rewrite");

export class StaticPrediction {
  /** `model`: the schema after the migrations before the first one given here (from the cache), else empty. */
  constructor(
    private readonly postgresVersion: number,
    readonly model: SchemaModel = new SchemaModel(),
  ) {}

  /** Predicts each statement of the migration (the `unit`-th of its set) and replays it into the model. */
  migration(plan: PlannedMigration, unit: number): Map<Statement, Prediction> {
    // An idempotent DO block is predicted as the statement it runs, as `rollsafe lint` checks it.
    const statements = plan.file.statements.map((s) => s.guarded ?? s);
    const tracker = new MigrationTracker(plan.transaction, statements);
    const predictions = new Map<Statement, Prediction>();
    statements.forEach((statement, index) => {
      const context: RuleContext = { model: this.model, unit, postgresVersion: this.postgresVersion, source: plan.file.source, migration: tracker.contextFor(index) };
      const locks = statementLocks(statement, this.model);
      const rewrite = TABLE_REWRITE !== undefined && TABLE_REWRITE.meta.statementKinds.includes(statement.kind) && TABLE_REWRITE.check(statement, context).length > 0;
      predictions.set(plan.file.statements[index]!, { locks, rewrite });
      tracker.advance(statement, locks);
      replayStatement(this.model, statement, unit);
    });
    return predictions;
  }

  /** Only replays the migration into the model: one whose statements are not traced (cached, or history). */
  replay(plan: PlannedMigration, unit: number): void {
    for (const statement of plan.file.statements) replayStatement(this.model, statement, unit);
  }
}
