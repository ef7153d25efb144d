// Reads what the fixture executables of fixtures/executor/ recorded (one JSON line per run).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { delimiter, dirname } from "node:path";

export const EXECUTOR_FIXTURES = fileURLToPath(new URL("../../fixtures/executor/", import.meta.url));

export interface FixtureRun {
  name: string;
  argv: string[];
  cwd: string;
  pid: number;
  stdin?: string;
}

export function fixtureRuns(log: string): FixtureRun[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FixtureRun);
}

/** PATH with this Node first: the fixtures' `#!/usr/bin/env node` must find it. */
export function pathWithNode(): string {
  return [dirname(process.execPath), process.env.PATH ?? ""].join(delimiter);
}
