// The `rollsafe migrate-down` sub-command: flags, output and exit code, over `runMigrateDown`. The
// executor (and, inside it, pg) is imported when the command runs, not on every start-up.
import { Option, type Command } from "commander";
import { redactSecrets } from "@rollsafe/core";
import { useColor } from "../../color.js";
import { onInterrupt } from "../rollback/interrupt.js";
import type { Io } from "../io.js";

const FORMATS = ["text", "json"] as const;

interface MigrateDownFlags {
  steps: string;
  approvedBy?: string;
  reason?: string;
  databaseUrl?: string;
  migrationsTable?: string;
  lockTimeout?: string;
  config?: string;
  source?: string;
  format: (typeof FORMATS)[number];
}

export function registerMigrateDownCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command("migrate-down")
    .description("The last resort: revert exactly one applied migration (golang-migrate .down.sql, dbmate -- migrate:down) after a schema snapshot, in one transaction with the tracking-table update, verified before COMMIT.")
    .argument("[path]", "the migrations folder (default: migrations.dir from the config, or a folder such as migrations/)")
    .requiredOption("--steps <n>", "how many steps: always 1 (one step per run)")
    .option("--approved-by <name>", "who approved this down migration (required)")
    .option("--reason <text>", "why the last-resort path is taken (required)")
    .option("--database-url <url>", "the database (default: DATABASE_URL from the environment)")
    .option("--migrations-table <name>", "the tool's tracking table", "schema_migrations")
    .option("--lock-timeout <duration>", "how long the step may wait for a lock before it gives up and rolls back", "5s")
    .option("-c, --config <file>", "configuration file (default: rollsafe.config.json or package.json#rollsafe)")
    .option("--source <kind>", "folder layout: golang-migrate or dbmate (default: detected)")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("text"))
    .addHelpText("after", "\nExit codes: 0 reverted one step, 1 refused or failed (nothing changed), 2 usage or configuration error, 130 interrupted (rolled back).")
    .action(async (path: string | undefined, flags: MigrateDownFlags) => {
      const interrupt = onInterrupt(io.stderr, "the down migration (its transaction is rolled back)");
      // The URL's password (user info or ?password=) is never printed, whatever message carries it.
      const hide = (text: string) => redactSecrets(text, [flags.databaseUrl, io.env.DATABASE_URL]);
      try {
        const [{ runMigrateDown }, { formatMigrateDownJson }, { formatMigrateDownText }] = await Promise.all([import("@rollsafe/executor"), import("../../formatters/migrate-down-json.js"), import("../../formatters/migrate-down-text.js")]);
        const run = await runMigrateDown({
          cwd: io.cwd,
          steps: flags.steps,
          env: io.env,
          signal: interrupt.signal,
          progress: (line) => io.stderr.write(`${hide(line)}\n`),
          ...(path !== undefined ? { path } : {}),
          ...(flags.approvedBy !== undefined ? { approvedBy: flags.approvedBy } : {}),
          ...(flags.reason !== undefined ? { reason: flags.reason } : {}),
          ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
          ...(flags.migrationsTable !== undefined ? { migrationsTable: flags.migrationsTable } : {}),
          ...(flags.lockTimeout !== undefined ? { lockTimeout: flags.lockTimeout } : {}),
          ...(flags.config !== undefined ? { config: flags.config } : {}),
          ...(flags.source !== undefined ? { source: flags.source } : {}),
        });
        io.stdout.write(hide(flags.format === "json" ? formatMigrateDownJson(run) : formatMigrateDownText(run, { color: useColor(io.stdout, io.env) })));
        setExitCode(run.exitCode);
      } finally {
        interrupt.dispose();
      }
    });
}
