// The `rollsafe rollback` sub-command: flags, output and exit code, over `runRollback`. The executor
// and its formatters are imported when the command runs, not on every start-up (`rollsafe lint`).
import { Option, type Command } from "commander";
import { redactSecrets } from "@rollsafe/core";
import { useColor } from "../../color.js";
import { onInterrupt } from "./interrupt.js";
import type { Io } from "../io.js";

const FORMATS = ["text", "json"] as const;

interface RollbackFlags {
  to?: string;
  from?: string;
  execute?: boolean;
  allowUnknown?: boolean;
  config?: string;
  format: (typeof FORMATS)[number];
}

export function registerRollbackCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command("rollback")
    .description("Roll back to the previous release on a safe path (service-rollback, schema-compatible-rollback): prints the plan; runs it with --execute. Refuses roll-forward, migration-down and disaster-recovery.")
    .argument("[path]", "the migrations folder (default: migrations.dir from the config, or a folder such as drizzle/ or migrations/)")
    .option("--to <ref>", "the release to roll back to: a tag, branch or full commit id (default: rollback.previousRelease, or the newest tag before --from)")
    .option("--from <ref>", "the release being rolled back (default: HEAD)")
    .option("--execute", "run the plan's steps (without it nothing runs)")
    .option("--allow-unknown", "take a safe path whose verdict is unknown (statements the rules could not analyse), after reviewing them; recorded in the audit record")
    .option("-c, --config <file>", "configuration file (default: rollsafe.config.json or package.json#rollsafe)")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("text"))
    .addHelpText("after", "\nExit codes: 0 planned or rolled back, 1 refused path, failed step or lock held, 2 usage or configuration error (a bad ref), 130 interrupted.")
    .action(async (path: string | undefined, flags: RollbackFlags) => {
      const color = useColor(io.stdout, io.env);
      const execute = !!flags.execute;
      const interrupt = onInterrupt(io.stderr, "the running step");
      // A step's output (a deploy printing its DATABASE_URL) shows no database password.
      const hide = (text: string) => redactSecrets(text, [io.env.DATABASE_URL]);
      try {
        const [{ runRollback }, { formatRollbackJson }, { formatRollbackOutcome, formatRollbackPlan }, { findProjectMigrationsDir, previousCodeSchema }] = await Promise.all([
          import("@rollsafe/executor"),
          import("../../formatters/rollback-json.js"),
          import("../../formatters/rollback-text.js"),
          import("@rollsafe/drizzle"),
        ]);
        const run = await runRollback({
          cwd: io.cwd,
          execute,
          ...(flags.allowUnknown ? { allowUnknown: true } : {}),
          env: io.env,
          // The migrations folder as lint finds it, and the target's code schema (Drizzle, Prisma).
          readers: { migrationsDir: findProjectMigrationsDir, codeSchema: previousCodeSchema },
          signal: interrupt.signal,
          progress: (line) => io.stderr.write(`${hide(line)}\n`),
          ...(path !== undefined ? { path } : {}),
          ...(flags.to !== undefined ? { to: flags.to } : {}),
          ...(flags.from !== undefined ? { from: flags.from } : {}),
          ...(flags.config !== undefined ? { config: flags.config } : {}),
          ...(flags.format === "text" ? { onPlan: (plan) => io.stdout.write(hide(formatRollbackPlan(plan, { color, execute }))) } : {}),
        });
        io.stdout.write(hide(flags.format === "json" ? formatRollbackJson(run) : formatRollbackOutcome(run, { color })));
        setExitCode(run.exitCode);
      } finally {
        interrupt.dispose();
      }
    });
}
