// `{ref}`, `{sha}`, `{from}` and `{to}` inside the arguments of a configured command. Replaced in one
// pass, inside each argument only: an argument never becomes two, and a value is never re-read.
import { ROLLBACK_PLACEHOLDERS } from "./rollback-config.js";

/**
 * `ref` and `sha`: the release to deploy (the rollback's target) and its commit; `from`: the release
 * rolled back from; `to`: the release rolled back to.
 */
export type PlaceholderValues = Record<(typeof ROLLBACK_PLACEHOLDERS)[number], string>;

const PATTERN = new RegExp(`\\{(${ROLLBACK_PLACEHOLDERS.join("|")})\\}`, "g");

export function fillPlaceholders(argv: readonly string[], values: PlaceholderValues): string[] {
  return argv.map((arg) => arg.replace(PATTERN, (_, name: keyof PlaceholderValues) => values[name]));
}
