// The `rollsafe drizzle` command group: `drizzle diff` (flags, format, exit code) over `runDrizzleDiff`.
import { Option, type Command } from "commander";
import { useColor } from "../../color.js";
import { EXIT } from "../../exit-codes.js";
import { formatDrizzleDiffJson } from "../../formatters/drizzle-diff-json.js";
import { formatDrizzleDiffText } from "../../formatters/drizzle-diff-text.js";
import { drizzleDiffFailed, runDrizzleDiff } from "./diff.js";
import type { Io } from "../io.js";

const FORMATS = ["text", "json"] as const;

export function registerDrizzleCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const drizzle = program.command("drizzle").description("Drizzle projects: what the schema file changes before any SQL exists.");
  drizzle
    .command("diff")
    .description("What the next `drizzle-kit generate` will do (schema file against the latest snapshot), and which part of it breaks the previous release, locks a table or loses data.")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("text"))
    .option("-c, --config <file>", "rollsafe configuration file (rule severities decide the exit code)")
    .option("--drizzle-config <file>", "drizzle.config file (default: found from the working directory upward)")
    .action(async (flags: { format: (typeof FORMATS)[number]; config?: string; drizzleConfig?: string }) => {
      const run = await runDrizzleDiff({ cwd: io.cwd, ...(flags.config ? { config: flags.config } : {}), ...(flags.drizzleConfig ? { drizzleConfig: flags.drizzleConfig } : {}) });
      io.stdout.write(flags.format === "json" ? formatDrizzleDiffJson(run) : formatDrizzleDiffText(run, { color: useColor(io.stdout, io.env) }));
      setExitCode(drizzleDiffFailed(run) ? EXIT.findings : EXIT.ok);
    });
}
