// The `rollsafe preflight` sub-command: flags, format choice and exit code, over `runPreflight`.
import { ConfigError } from "@rollsafe/core";
import { Option, type Command } from "commander";
import { useColor } from "../../color.js";
import { EXIT } from "../../exit-codes.js";
import { formatPreflightJson, formatPreflightText } from "../../formatters/preflight.js";
import { preflightExitCode, runPreflight } from "./run.js";
import type { Io } from "../io.js";

const PREFLIGHT_FORMATS = ["text", "json"] as const;

interface PreflightFlags {
  databaseUrl?: string;
  artifact: string;
  ledgerTable?: string;
  format: (typeof PREFLIGHT_FORMATS)[number];
  allowUnknown?: boolean;
}

export function registerPreflightCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command("preflight")
    .description("Before a release starts: compare the database's migration ledger with the release's release-safety artifact (read-only): pending migrations, ledger divergence, and whether the upgrade from the database's state is safe.")
    .option("--database-url <url>", "PostgreSQL connection URL (default: the DATABASE_URL environment variable)")
    .requiredOption("--artifact <file>", "the release-safety artifact (rollsafe report <from>..<to> --per-release --format release-safety)")
    .option("--ledger-table <name>", "the ledger table, when not the tool's default (drizzle.__drizzle_migrations, _prisma_migrations, schema_migrations)")
    .addOption(new Option("-f, --format <format>", "output format").choices(PREFLIGHT_FORMATS).default("text"))
    .option("--allow-unknown", 'exit 0 on an "unknown" verdict instead of 1')
    .action(async (flags: PreflightFlags) => {
      const databaseUrl = flags.databaseUrl ?? io.env.DATABASE_URL;
      if (!databaseUrl) throw new ConfigError("preflight: no database: pass --database-url <url> or set DATABASE_URL");
      const result = await runPreflight({ databaseUrl, artifact: flags.artifact, cwd: io.cwd, ...(flags.ledgerTable ? { ledgerTable: flags.ledgerTable } : {}) });
      io.stdout.write(flags.format === "json" ? formatPreflightJson(result) : formatPreflightText(result, { color: useColor(io.stdout, io.env) }));
      setExitCode(preflightExitCode(result, flags.allowUnknown === true) === 0 ? EXIT.ok : EXIT.findings);
    });
}
