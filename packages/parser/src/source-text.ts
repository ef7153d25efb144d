// A file's text with the position arithmetic every report needs: libpg-query speaks UTF-8 byte
// offsets, editors speak lines and UTF-16 columns.

/** A point in a file. Lines and columns are 1-based; columns count UTF-16 code units, as editors do. */
export interface Position {
  line: number;
  column: number;
  /** 0-based offset into SourceText.text (UTF-16 code units). */
  offset: number;
  /** 0-based UTF-8 byte offset into SourceText.text. */
  byte: number;
}

/** A half-open span: `end` is the position just after the last character. */
export interface Range {
  start: Position;
  end: Position;
}

const BOM = "\uFEFF";

export class SourceText {
  /** The text as parsed: a leading byte-order mark is removed (editors do not count it as a column). */
  readonly text: string;
  readonly hadBom: boolean;
  private readonly lineStarts: number[];
  /** Cumulative UTF-8 length before each UTF-16 index; absent when the text is ASCII (bytes = chars). */
  private readonly bytesBefore: Uint32Array | undefined;

  constructor(raw: string) {
    this.hadBom = raw.startsWith(BOM);
    this.text = this.hadBom ? raw.slice(1) : raw;
    this.lineStarts = computeLineStarts(this.text);
    this.bytesBefore = Buffer.byteLength(this.text, "utf8") === this.text.length ? undefined : computeBytesBefore(this.text);
  }

  get length(): number {
    return this.text.length;
  }

  /** The UTF-16 offset of a UTF-8 byte offset (clamped to the text). */
  offsetOfByte(byte: number): number {
    const table = this.bytesBefore;
    if (!table) return Math.min(Math.max(byte, 0), this.text.length);
    let lo = 0;
    let hi = this.text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((table[mid] ?? 0) <= byte) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The UTF-8 byte offset of a UTF-16 offset. */
  byteOfOffset(offset: number): number {
    return this.bytesBefore ? (this.bytesBefore[offset] ?? 0) : offset;
  }

  /** The position of a UTF-16 offset. */
  position(offset: number): Position {
    const clamped = Math.min(Math.max(offset, 0), this.text.length);
    const lineIndex = this.lineIndexOf(clamped);
    const lineStart = this.lineStarts[lineIndex] ?? 0;
    return { line: lineIndex + 1, column: clamped - lineStart + 1, offset: clamped, byte: this.byteOfOffset(clamped) };
  }

  positionOfByte(byte: number): Position {
    return this.position(this.offsetOfByte(byte));
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.position(startOffset), end: this.position(endOffset) };
  }

  /** The text of 1-based line `line`, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.lineStarts[line];
    return this.text.slice(start, next ?? this.text.length).replace(/\r?\n$|\r$/, "");
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  private lineIndexOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Line starts for \n, \r\n and a lone \r, the line breaks editors recognise. */
function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function computeBytesBefore(text: string): Uint32Array {
  const table = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    table[i] = bytes;
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one 4-byte code point: the low half adds nothing.
      table[i + 1] = bytes + 4;
      bytes += 4;
      i++;
      continue;
    } else bytes += 3;
  }
  table[text.length] = bytes;
  return table;
}
