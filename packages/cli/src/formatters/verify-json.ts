// `rollsafe verify --format json`: the result as documented in docs/verify.md ("JSON"), stable keys.
import type { VerifyRun } from "../commands/verify/run.js";

export function formatVerifyJson(run: VerifyRun): string {
  const { result } = run;
  const json = {
    engine: result.engine,
    serverVersion: result.serverVersion,
    roots: result.roots,
    ...(run.checked ? { checked: run.checked } : {}),
    statements: result.statements,
    migrations: result.migrations,
    failure: result.failure,
    missingExtensions: result.missingExtensions,
    ...(result.compat ? { compat: result.compat } : {}),
    problems: run.problems,
    summary: result.summary,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
