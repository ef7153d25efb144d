// The `rollsafe report` sub-command: flags, format choice and exit code, over `runReport`.
import { ConfigError } from "@rollsafe/core";
import { Option, type Command } from "commander";
import { useColor } from "../../color.js";
import { EXIT } from "../../exit-codes.js";
import { formatReportHtml } from "../../formatters/report-html.js";
import { formatReportJson } from "../../formatters/report-json.js";
import { formatReportMarkdown } from "../../formatters/report-markdown.js";
import { formatReportText } from "../../formatters/report-text.js";
import { formatReleaseSafety } from "../../formatters/release-safety.js";
import { VERSION } from "../../version.js";
import { reportExitCode, runReport } from "./run.js";
import type { Io } from "../io.js";

export const REPORT_FORMATS = ["text", "json", "markdown", "html", "release-safety"] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

interface ReportFlags {
  format: ReportFormat;
  minScore?: string;
  config?: string;
  source?: string;
  perRelease?: boolean;
  allowUnknown?: boolean;
  verify?: boolean;
}

export function registerReportCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command("report")
    .description("If this release goes bad, which rollback path is safe: the path, the score with every point lost, corrective migrations and the runbook.")
    .argument("[range]", "<from>..<to> git refs (default: the latest tag reachable from HEAD..HEAD)")
    .argument("[path]", "the migrations folder (default: migrations.dir from the config, or a folder such as drizzle/ or migrations/)")
    .addOption(new Option("-f, --format <format>", "output format").choices(REPORT_FORMATS).default("text"))
    .option("--min-score <n>", "exit 1 only when the score is below n (0-100), instead of on an unsafe path")
    .option("--per-release", "evaluate every release step between the tags of the range, and the upgrade span: minimum previous version and required stops")
    .option("--allow-unknown", 'exit 0 on an "unknown" verdict (a statement that could not be analysed) instead of 1')
    .option("-c, --config <file>", "configuration file (default: rollsafe.config.json or package.json#rollsafe)")
    .option("--source <kind>", "folder layout: drizzle, prisma, golang-migrate, dbmate or plain (default: detected)")
    .option("--verify", "also apply the release's migrations on PGlite (rollsafe verify) and confirm the breaking changes from the real catalog")
    .action(async (range: string | undefined, path: string | undefined, flags: ReportFlags) => {
      const minScore = flags.minScore === undefined ? undefined : parseMinScore(flags.minScore);
      const args = [range, path].filter((a): a is string => a !== undefined);
      const run = await runReport({ args, cwd: io.cwd, perRelease: flags.perRelease === true, ...(flags.config ? { config: flags.config } : {}), ...(flags.source ? { source: flags.source } : {}), env: io.env, ...(flags.verify ? { verify: true } : {}) });
      switch (flags.format) {
        case "release-safety":
          io.stdout.write(formatReleaseSafety(run, VERSION));
          break;
        case "json":
          io.stdout.write(formatReportJson(run));
          break;
        case "markdown":
          io.stdout.write(formatReportMarkdown(run));
          break;
        case "html":
          io.stdout.write(formatReportHtml(run));
          break;
        default:
          io.stdout.write(formatReportText(run, { color: useColor(io.stdout, io.env) }));
      }
      setExitCode(reportExitCode(run, minScore, flags.allowUnknown === true) === 0 ? EXIT.ok : EXIT.findings);
    });
}

function parseMinScore(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 100) throw new ConfigError(`--min-score: expected an integer from 0 to 100, got "${value}"`);
  return n;
}
