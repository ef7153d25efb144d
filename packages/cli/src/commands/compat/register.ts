// The `rollsafe compat` command: flags, format, exit code, over `runCompat`.
import { Option, type Command } from "commander";
import { useColor } from "../../color.js";
import { EXIT } from "../../exit-codes.js";
import { formatCompatJson } from "../../formatters/compat-json.js";
import { formatCompatText } from "../../formatters/compat-text.js";
import { compatFailed, runCompat } from "./run.js";
import type { Io } from "../io.js";

const FORMATS = ["text", "json"] as const;

interface CompatFlags {
  base: string;
  format: (typeof FORMATS)[number];
  config?: string;
  drizzleConfig?: string;
  references: boolean;
}

export function registerCompatCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command("compat")
    .description("Where the code at <ref> (the previous release) stops working against the schema after the migrations added since, and where the current code still uses what they drop.")
    .argument("[path]", "the migrations folder (default: migrations.dir, drizzle.config's out, or a folder such as drizzle/)")
    .requiredOption("--base <ref>", "the previous release: a tag, branch or commit (read from git objects; the working tree is not touched)")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("text"))
    .option("-c, --config <file>", "rollsafe configuration file")
    .option("--drizzle-config <file>", "drizzle.config file (default: found from the working directory upward)")
    .option("--no-references", "do not scan the current code for uses of dropped tables and columns")
    .action(async (path: string | undefined, flags: CompatFlags) => {
      const run = await runCompat({ base: flags.base, cwd: io.cwd, references: flags.references, ...(path !== undefined ? { path } : {}), ...(flags.config ? { config: flags.config } : {}), ...(flags.drizzleConfig ? { drizzleConfig: flags.drizzleConfig } : {}) });
      io.stdout.write(flags.format === "json" ? formatCompatJson(run) : formatCompatText(run, { color: useColor(io.stdout, io.env) }));
      setExitCode(compatFailed(run) ? EXIT.findings : EXIT.ok);
    });
}
