// Database passwords never reach output, logs, audit records or error messages. A PostgreSQL URL
// carries one in two places libpq reads: the user-info part (`postgres://u:secret@host/db`) and the
// query (`?password=secret`, also `sslpassword`), the latter in any letter case and percent-encoding.

/** Query parameters whose value is a secret. */
const SECRET_PARAMS = new Set(["password", "sslpassword"]);

/** What stands in for a hidden secret. */
export const REDACTED = "***";

/** The URL with every password replaced by `***` (unparseable input is replaced whole). */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "<the database URL>";
  }
  if (parsed.password) parsed.password = REDACTED;
  for (const key of [...parsed.searchParams.keys()]) if (SECRET_PARAMS.has(key.toLowerCase())) parsed.searchParams.set(key, REDACTED);
  return parsed.toString();
}

/** The URL's password (user info first, then `?password=`), decoded; undefined when it has none. */
export function databaseUrlPassword(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.password) return decodeURIComponent(parsed.password);
    for (const [key, value] of parsed.searchParams) if (key.toLowerCase() === "password" && value !== "") return value;
  } catch {
    // Not a URL: nothing to find.
  }
  return undefined;
}

/** The URL without any password (user info nor query): what a client given the password apart uses. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = "";
  for (const key of [...parsed.searchParams.keys()]) if (SECRET_PARAMS.has(key.toLowerCase())) parsed.searchParams.delete(key);
  return parsed.toString();
}

/** A postgres URL inside free text (an error message, a command's output). */
const URL_IN_TEXT = /postgres(?:ql)?:\/\/[^\s"'<>`]+/gi;

/**
 * The text with every password hidden: each postgres URL in it redacted, and each secret of `urls`
 * (as given, decoded and percent-encoded) replaced wherever it appears, e.g. in a driver's message.
 */
export function redactSecrets(text: string, urls: readonly (string | undefined)[] = []): string {
  let out = text.replace(URL_IN_TEXT, (found) => redactDatabaseUrl(found));
  for (const url of urls) {
    if (url === undefined) continue;
    for (const secret of secretsOf(url)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Every spelling of the URL's secrets that a message could hold; none shorter than 3 characters
 * (hiding every `a` in a message helps no one). */
function secretsOf(url: string): string[] {
  const found = new Set<string>();
  try {
    const parsed = new URL(url);
    const raw: string[] = [];
    if (parsed.password) raw.push(parsed.password, decodeURIComponent(parsed.password));
    for (const [key, value] of parsed.searchParams) if (SECRET_PARAMS.has(key.toLowerCase())) raw.push(value, encodeURIComponent(value));
    for (const s of raw) if (s.length >= 3 && s !== REDACTED) found.add(s);
  } catch {
    // Not a URL: nothing to hide but what URL_IN_TEXT finds.
  }
  // Longest first: a secret that contains another is hidden whole.
  return [...found].sort((a, b) => b.length - a.length);
}
