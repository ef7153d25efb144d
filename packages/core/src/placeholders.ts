// `{ref}`, `{sha}`, `{from}` and `{to}` inside the arguments of a configured command. Replaced in one
// pass, inside each argument only: an argument never becomes two, and a value is never re-read.
import { ConfigError } from "./config.js";
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

/**
 * A health-check URL with its placeholders filled (`https://{ref}.preview.example.com/health`,
 * `/health?sha={sha}`). Each value is percent-encoded, so a ref such as `release/1.4` stays one
 * segment and can never add a path, a query or a user to the URL; the result must still be an
 * http(s) URL, or the run stops here (`where` names the setting).
 */
export function fillUrlPlaceholders(url: string, values: PlaceholderValues, where: string): string {
  const filled = url.replace(PATTERN, (_, name: keyof PlaceholderValues) => encodeURIComponent(values[name]));
  let parsed: URL;
  try {
    parsed = new URL(filled);
  } catch {
    throw new ConfigError(`${where}: "${url}" is not a valid URL once its placeholders are filled ("${filled}")`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new ConfigError(`${where}: "${filled}" is not an http:// or https:// URL`);
  return parsed.href;
}
