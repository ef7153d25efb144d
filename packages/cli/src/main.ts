// The `rollsafe` command: parses arguments, calls the library functions, prints, returns the exit
// code. Every user mistake ends here as one line and exit code 2, never a stack trace.
import { ConfigError, loadConfig, redactSecrets } from "@rollsafe/core";
import { ALL_RULES } from "@rollsafe/rules";
import { appendFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { FAIL_ON, lintFailed, runLint, type FailOn } from "./commands/lint.js";
import { applyFixes } from "./commands/apply-fixes.js";
import { formatFixOutcome } from "./formatters/fix-outcome.js";
import { formatRulesJson, formatRulesText, listRules } from "./commands/rules.js";
import { registerReportCommand } from "./commands/report/register.js";
import { registerVerifyCommand } from "./commands/verify/register.js";
import { registerDrizzleCommand } from "./commands/drizzle/register.js";
import { registerCompatCommand } from "./commands/compat/register.js";
import { registerRollbackCommand } from "./commands/rollback/register.js";
import { registerMigrateDownCommand } from "./commands/migrate-down/register.js";
import { registerPreflightCommand } from "./commands/preflight/register.js";
import { useColor } from "./color.js";
import { EXIT } from "./exit-codes.js";
import { formatGithub } from "./formatters/github.js";
import { formatJson } from "./formatters/json.js";
import { formatMarkdown } from "./formatters/markdown.js";
import { formatSarif } from "./formatters/sarif.js";
import { formatText } from "./formatters/text.js";
import type { Io } from "./commands/io.js";
import { Timing } from "./timing.js";
import { VERSION } from "./version.js";

const FORMATS = ["text", "json"] as const;
const LINT_FORMATS = ["text", "json", "github", "sarif", "markdown"] as const;
type LintFormat = (typeof LINT_FORMATS)[number];

interface LintFlags {
  format: LintFormat;
  config?: string;
  source?: string;
  new?: string[];
  quiet?: boolean;
  verbose?: boolean;
  fix?: boolean;
  changedSince?: string;
  baseline?: string;
  writeBaseline?: string;
  failOn: FailOn;
  cache: boolean;
  cacheLocation?: string;
  offlineSignoff?: string;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const timing = Timing.fromEnv(io.env);
  const program = new Command("rollsafe")
    .description("Keeps PostgreSQL migrations safe to deploy and safe to roll back.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText("after", "\nExit codes: 0 no failing finding (or a safe verdict), 1 failing findings (or an unsafe or unknown verdict, a failed step), 2 usage or configuration error, 130 interrupted.");

  program
    .command("lint")
    .description("Check migrations for changes that break the previous release, lock tables or lose data.")
    .argument("[paths...]", "migration folders or files (default: migrations.dir from the config, or a folder such as drizzle/ or migrations/)")
    .addOption(new Option("-f, --format <format>", "output format (github instead of text when GITHUB_ACTIONS=true)").choices(LINT_FORMATS).default("text"))
    .option("-c, --config <file>", "configuration file (default: rollsafe.config.json or package.json#rollsafe)")
    .option("--source <kind>", "folder layout: drizzle, prisma, golang-migrate, dbmate or plain (default: detected)")
    .option("--new <paths...>", "the migrations that form the change; the others are replayed as history")
    .option("-q, --quiet", "report errors only")
    .option("--verbose", "also report notes (statements rollsafe cannot model)")
    .option("--changed-since <ref>", "check the migrations added or edited since the merge base with <ref> (a pull request's change); the others are history")
    .option("--baseline <file>", "report the findings listed in this baseline file as baselined: they do not fail the run")
    .option("--write-baseline <file>", "record today's findings in a baseline file (for adopting rollsafe on an existing repository)")
    .addOption(new Option("--fail-on <level>", "what fails the run (exit 1): error, warning (errors and warnings) or never").choices(FAIL_ON).default("error"))
    .option("--no-cache", "lint every migration set again instead of reading unchanged sets from the cache")
    .option("--cache-location <dir>", "where the lint cache lives (default: .rollsafe/cache beside the config, or in the working directory)")
    .option("--offline-signoff <file>", "with --changed-since and overrides.signoff: the pull request's approvals as JSON, on CI systems other than GitHub Actions (see the overrides page of the docs)")
    .option("--fix", "apply the rewrites that keep each statement's meaning (CONCURRENTLY outside a transaction, NOT VALID + VALIDATE, a lock_timeout prelude), then report what is left")
    .action(async (paths: string[], flags: LintFlags, command: Command) => {
      const options = { paths, cwd: io.cwd, ...(flags.config ? { config: flags.config } : {}), ...(flags.source ? { source: flags.source } : {}), ...(flags.new ? { newPaths: flags.new } : {}), ...(flags.changedSince !== undefined ? { changedSince: flags.changedSince } : {}), ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}), ...(flags.writeBaseline !== undefined ? { writeBaseline: flags.writeBaseline } : {}), ...(flags.offlineSignoff !== undefined ? { offlineSignoff: flags.offlineSignoff } : {}), ...(timing ? { timing } : {}), failOn: flags.failOn, cache: flags.cache, ...(flags.cacheLocation !== undefined ? { cacheLocation: flags.cacheLocation } : {}), env: io.env };
      let run = await runLint(options);
      if (flags.fix) {
        const outcome = applyFixes(run.findings, run.sets, io.cwd);
        // Report on the files as they are now.
        if (outcome.applied.length > 0) run = await runLint(options);
        io.stderr.write(formatFixOutcome(outcome));
      }
      if (run.baseline?.written) io.stderr.write(`rollsafe: wrote ${run.baseline.entries} finding(s) to the baseline ${run.baseline.file}\n`);
      // On GitHub Actions, annotations instead of text unless a format was asked for.
      const format: LintFormat = flags.format === "text" && command.getOptionValueSource("format") !== "cli" && io.env.GITHUB_ACTIONS === "true" ? "github" : flags.format;
      const verbosity = { quiet: !!flags.quiet, verbose: !!flags.verbose };
      switch (format) {
        case "json":
          io.stdout.write(formatJson(run));
          break;
        case "sarif":
          io.stdout.write(formatSarif(run, { cwd: io.cwd, version: VERSION, rules: listRules(run.docsBaseUrl) }));
          break;
        case "markdown":
          io.stdout.write(formatMarkdown(run, verbosity));
          break;
        case "github": {
          io.stdout.write(formatGithub(run, { ...verbosity, cwd: io.cwd, workspace: io.env.GITHUB_WORKSPACE || undefined }));
          const summaryFile = io.env.GITHUB_STEP_SUMMARY;
          if (summaryFile) {
            try {
              appendFileSync(summaryFile, formatMarkdown(run, verbosity));
            } catch (error) {
              io.stderr.write(`rollsafe: cannot write the job summary to ${summaryFile}: ${(error as Error).message}\n`);
            }
          }
          break;
        }
        default:
          io.stdout.write(formatText(run, { color: useColor(io.stdout, io.env), ...verbosity }));
      }
      for (const path of run.missingPaths) io.stderr.write(`rollsafe: ${path}: no such file or directory\n`);
      timing?.mark("formatting and writing the report");
      if (timing) io.stderr.write(timing.report());
      exitCode = run.missingPaths.length > 0 ? EXIT.usage : lintFailed(run) ? EXIT.findings : EXIT.ok;
    });

  program
    .command("rules")
    .description("List every rule with its category, default severity, preset and docs page.")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("text"))
    .action((flags: { format: (typeof FORMATS)[number] }) => {
      // The links follow the project's docsBaseUrl, as the findings' do.
      const docsBaseUrl = loadConfig(io.cwd, undefined, new Set(ALL_RULES.map((r) => r.id))).config.docsBaseUrl;
      const rules = listRules(docsBaseUrl);
      io.stdout.write(flags.format === "json" ? formatRulesJson(rules) : formatRulesText(rules, docsBaseUrl));
    });

  registerReportCommand(program, io, (code) => (exitCode = code));
  registerVerifyCommand(program, io, (code) => (exitCode = code));
  registerDrizzleCommand(program, io, (code) => (exitCode = code));
  registerCompatCommand(program, io, (code) => (exitCode = code));
  registerRollbackCommand(program, io, (code) => (exitCode = code));
  registerMigrateDownCommand(program, io, (code) => (exitCode = code));
  registerPreflightCommand(program, io, (code) => (exitCode = code));

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return handleError(error, io.stderr, [io.env.DATABASE_URL, ...databaseUrlsIn(argv)]);
  }
}

/** The --database-url values on the command line (`--database-url x` and `--database-url=x`). */
function databaseUrlsIn(argv: readonly string[]): string[] {
  return argv.flatMap((a, i) => (a === "--database-url" ? [argv[i + 1] ?? ""] : a.startsWith("--database-url=") ? [a.slice("--database-url=".length)] : []));
}

function handleError(error: unknown, stderr: NodeJS.WriteStream, urls: readonly (string | undefined)[]): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version are not errors.
    return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof ConfigError) {
    // A driver's message may quote the connection string: no password reaches the terminal or CI log.
    stderr.write(`rollsafe: ${redactSecrets(error.message, urls)}\n`);
    return EXIT.usage;
  }
  throw error;
}

function defaultIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
