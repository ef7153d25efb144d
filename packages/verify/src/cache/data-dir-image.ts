// A PostgreSQL data directory as one buffer, for the cache: the directories, and each file's size and
// contents without its trailing zeros. PostgreSQL preallocates WAL segments (16 MB) and extends relation
// files with zeroed pages, so a third of a data directory's bytes are trailing zeros; leaving them out
// makes the image smaller to gunzip and copy. The layout is
//   "RSIMG1\n" | header length (uint32 LE) | header (JSON: ImageHeaderEntry[]) | stored bytes, in order.

const MAGIC = Buffer.from("RSIMG1\n", "latin1");

/** One entry of a data directory, with its path relative to the data directory (`/base/5/1259`). */
export type ImageEntry = { path: string; dir: true } | { path: string; dir?: false; size: number; data: Uint8Array };

/** A directory (`d`) or a file: its logical size (`s`) and how many bytes are stored (`n`, the rest are zeros). */
type ImageHeaderEntry = { p: string; d: 1 } | { p: string; s: number; n: number };

/** Where the last non-zero byte of `data` ends (the file's length without its trailing zeros). */
export function storedLength(data: Uint8Array): number {
  let end = data.length;
  while (end % 4 !== 0 && data[end - 1] === 0) end--;
  // Whole 4-byte words: a 16 MB WAL segment of zeros is scanned in a few milliseconds.
  if (end % 4 === 0 && data.byteOffset % 4 === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset, end / 4);
    let w = words.length;
    while (w > 0 && words[w - 1] === 0) w--;
    end = w * 4;
  }
  while (end > 0 && data[end - 1] === 0) end--;
  return end;
}

export function encodeImage(entries: readonly ImageEntry[]): Buffer {
  const header: ImageHeaderEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    if (entry.dir) {
      header.push({ p: entry.path, d: 1 });
      continue;
    }
    const n = Math.min(storedLength(entry.data), entry.size);
    header.push({ p: entry.path, s: entry.size, n });
    parts.push(entry.data.subarray(0, n));
  }
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([MAGIC, length, json, ...parts]);
}

/**
 * The entries of an image. A file whose bytes are all stored is a view into `image` (no copy); the files
 * with trailing zeros share one zeroed allocation, each with its stored bytes copied in.
 */
export function decodeImage(image: Uint8Array): ImageEntry[] {
  const buffer = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (buffer.length < MAGIC.length + 4 || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error("not a rollsafe data directory image");
  const headerLength = buffer.readUInt32LE(MAGIC.length);
  const header = JSON.parse(buffer.toString("utf8", MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as ImageHeaderEntry[];
  const dataStart = MAGIC.length + 4 + headerLength;
  let stored = 0;
  let padded = 0;
  for (const item of header) {
    if ("d" in item) continue;
    if (item.n > item.s) throw new Error("damaged rollsafe data directory image");
    stored += item.n;
    if (item.n < item.s) padded += item.s;
  }
  if (dataStart + stored > buffer.length) throw new Error("truncated rollsafe data directory image");
  const zeros = new Uint8Array(padded);
  let offset = dataStart;
  let zeroAt = 0;
  const entries: ImageEntry[] = [];
  for (const item of header) {
    if ("d" in item) {
      entries.push({ path: item.p, dir: true });
      continue;
    }
    const bytes = buffer.subarray(offset, offset + item.n);
    offset += item.n;
    let data: Uint8Array = bytes;
    if (item.n < item.s) {
      data = zeros.subarray(zeroAt, zeroAt + item.s);
      zeroAt += item.s;
      data.set(bytes);
    }
    entries.push({ path: item.p, size: item.s, data });
  }
  return entries;
}
