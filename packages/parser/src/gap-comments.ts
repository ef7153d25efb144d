// Comments outside statements. libpg-query's tree has none, and a statement's stmt_location
// already skips the whitespace and comments before it, so the text between two statements holds
// only whitespace, semicolons and comments: a tiny lexer is enough there, and it saves running the
// full tokenizer over every file (it would double the parse cost).

export interface RawComment {
  start: number;
  end: number;
  kind: "line" | "block";
}

/** Comments in text[start, end) that is known to contain no SQL tokens but `;`. */
export function commentsInGap(text: string, start: number, end: number): RawComment[] {
  const found: RawComment[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      let j = i + 2;
      while (j < end && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      found.push({ start: i, end: j, kind: "line" });
      i = j;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const j = blockCommentEnd(text, i, end);
      found.push({ start: i, end: j, kind: "block" });
      i = j;
    } else {
      i++;
    }
  }
  return found;
}

/** PostgreSQL block comments nest: `/* a /* b *\/ c *\/` is one comment. */
function blockCommentEnd(text: string, start: number, limit: number): number {
  let depth = 0;
  let i = start;
  while (i < limit) {
    if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return limit;
}

/** Offset of the first character that is neither whitespace nor part of a comment. */
export function skipTrivia(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) i = blockCommentEnd(text, i, end);
    else return i;
  }
  return end;
}

/** Offset just after the last character of text[start, end) that is not whitespace. */
export function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start) {
    const c = text.charCodeAt(i - 1);
    if (isSpace(c)) i--;
    else break;
  }
  return i;
}

/** PostgreSQL's whitespace: space, \t, \n, \r, \f and \v. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
