// The `rollsafe verify` sub-command: flags, Ctrl-C, progress, format and exit code, over `runVerify`.
import { ConfigError } from "@rollsafe/core";
import { Option, type Command } from "commander";
import { useColor } from "../../color.js";
import { EXIT } from "../../exit-codes.js";
import { formatVerifyJson } from "../../formatters/verify-json.js";
import { formatVerifyText } from "../../formatters/verify-text.js";
import { Timing } from "../../timing.js";
import { ProgressLine } from "./progress.js";
import { runVerify, verifyFailed } from "./run.js";

export const VERIFY_FORMATS = ["text", "json"] as const;

interface VerifyFlags {
  format: (typeof VERIFY_FORMATS)[number];
  databaseUrl?: string;
  changedSince?: string;
  config?: string;
  source?: string;
  cache: boolean;
  cacheLocation?: string;
  verbose?: boolean;
}

interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function registerVerifyCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command("verify")
    .description("Apply the migrations to a real PostgreSQL (embedded PGlite by default) and record what each statement did: applied or failed, locks held, tables rewritten.")
    .argument("[paths...]", "migration folders or files (default: migrations.dir from the config, or a folder such as drizzle/ or migrations/)")
    .option("--database-url <url>", "use this PostgreSQL server instead of PGlite: a temporary database is created there, used, and dropped")
    .option("--changed-since <ref>", "trace only the migrations added or edited since the merge base with <ref>; the others are applied as history (from the cache when possible)")
    .addOption(new Option("-f, --format <format>", "output format").choices(VERIFY_FORMATS).default("text"))
    .option("-c, --config <file>", "configuration file (default: rollsafe.config.json or package.json#rollsafe)")
    .option("--source <kind>", "folder layout: drizzle, prisma, golang-migrate, dbmate or plain (default: detected)")
    .option("--no-cache", "do not read or write the engine states cached under .rollsafe/cache/")
    .option("--cache-location <dir>", "where the cache lives (default: .rollsafe/cache beside the config, or in the working directory)")
    .option("--verbose", "show every statement, not only those with a lock that blocks writes, a rewrite or a note")
    .action(async (paths: string[], flags: VerifyFlags) => {
      const abort = new AbortController();
      const onInterrupt = () => abort.abort(new Error("interrupted"));
      process.once("SIGINT", onInterrupt);
      process.once("SIGTERM", onInterrupt);
      const progress = ProgressLine.forStream(io.stderr, io.env);
      const timing = Timing.fromEnv(io.env);
      try {
        const run = await runVerify({
          paths,
          cwd: io.cwd,
          cache: flags.cache,
          signal: abort.signal,
          ...(flags.config ? { config: flags.config } : {}),
          ...(flags.cacheLocation !== undefined ? { cacheLocation: flags.cacheLocation } : {}),
          ...(flags.source ? { source: flags.source } : {}),
          ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
          ...(flags.changedSince !== undefined ? { changedSince: flags.changedSince } : {}),
          ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
          ...(timing ? { timing } : {}),
        });
        progress?.clear();
        io.stdout.write(flags.format === "json" ? formatVerifyJson(run) : formatVerifyText(run, { color: useColor(io.stdout, io.env), verbose: !!flags.verbose }));
        timing?.mark("formatting and writing the report");
        if (timing) io.stderr.write(timing.report());
        setExitCode(run.missingPaths.length > 0 ? EXIT.usage : verifyFailed(run) ? EXIT.findings : EXIT.ok);
      } catch (error) {
        progress?.clear();
        if (abort.signal.aborted) {
          io.stderr.write("rollsafe: verify interrupted (the temporary database, if any, was dropped)\n");
          setExitCode(EXIT.interrupted);
          return;
        }
        throw connectionError(error, flags.databaseUrl);
      } finally {
        process.removeListener("SIGINT", onInterrupt);
        process.removeListener("SIGTERM", onInterrupt);
      }
    });
}

/** A server that cannot be reached or refuses us is a configuration problem: one line, exit 2. */
function connectionError(error: unknown, url: string | undefined): unknown {
  const e = error as NodeJS.ErrnoException & { code?: string };
  if (url === undefined || error instanceof ConfigError) return error;
  const network = ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET"].includes(e?.code ?? "");
  // SQLSTATE classes 08 (connection), 28 (authorization), 3D (no such database), 42501 (cannot CREATE DATABASE).
  const refused = typeof e?.code === "string" && (/^(08|28|3D)/.test(e.code) || e.code === "42501");
  // node-postgres' connectionTimeoutMillis: a server that accepted TCP and never answered.
  const timedOut = /connection timeout|timeout expired/i.test(e?.message ?? "");
  if (!network && !refused && !timedOut) return error;
  return new ConfigError(`--database-url: ${e.message}`);
}
