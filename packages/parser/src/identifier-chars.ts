// Which characters make up an unquoted identifier, as PostgreSQL's lexer says (scan.l:
// ident_start [A-Za-z\200-\377_], ident_cont [A-Za-z\200-\377_0-9\$]): every byte of a non-ASCII
// character counts, so every UTF-16 unit at or above 0x80 does too. A char-code test, not a Unicode
// property regex: these run on hot paths, and PostgreSQL itself does not look at Unicode classes.

/** Whether the UTF-16 code unit can start an unquoted identifier. */
export function isIdentifierStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 0x80;
}

/** Whether the UTF-16 code unit can continue an unquoted identifier. */
export function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 48 && code <= 57) || code === 36;
}

/** An unquoted identifier or a quoted one (`"a""b"`), for regular expressions without the `u` flag. */
export const IDENTIFIER_PATTERN = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_$\u0080-\uFFFF]*)`;
