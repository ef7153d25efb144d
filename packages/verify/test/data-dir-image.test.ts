// The cache's data directory images: what goes in comes out, byte for byte, with the trailing zeros
// left out on disk and given back on restore.
import { describe, expect, it } from "vitest";
import { decodeImage, encodeImage, storedLength, type ImageEntry } from "../src/cache/data-dir-image.js";

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

describe("storedLength", () => {
  const cases: [string, Uint8Array, number][] = [
    ["empty", bytes(), 0],
    ["all zeros", new Uint8Array(4096), 0],
    ["no trailing zeros", bytes(1, 2, 3), 3],
    ["zeros after an unaligned end", bytes(1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0), 5],
    ["a zero inside is kept", bytes(7, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0), 9],
    ["a page with one byte at its end", Object.assign(new Uint8Array(8192), { [8191]: 1 }), 8192],
    ["a view that does not start on a word", new Uint8Array([0, 5, 6, 0, 0, 0, 0, 0, 0]).subarray(1), 2],
  ];
  it.each(cases)("%s", (_, data, expected) => {
    expect(storedLength(data)).toBe(expected);
  });
});

describe("encodeImage / decodeImage", () => {
  const segment = new Uint8Array(16 * 1024 * 1024);
  segment.set(bytes(0xd1, 0x10, 0x02), 0);
  const entries: ImageEntry[] = [
    { path: "/base", dir: true },
    { path: "/base/5", dir: true },
    { path: "/base/5/1259", size: 8, data: bytes(1, 2, 3, 4, 5, 6, 7, 8) },
    { path: "/base/5/16384", size: 0, data: bytes() },
    { path: "/pg_wal", dir: true },
    { path: "/pg_wal/000000010000000000000002", size: segment.length, data: segment },
    { path: "/postmaster.pid", size: 3, data: new TextEncoder().encode("42\n") },
  ];

  it("gives back every directory and file, byte for byte, in order", () => {
    const decoded = decodeImage(encodeImage(entries));
    expect(decoded.map((e) => e.path)).toEqual(entries.map((e) => e.path));
    decoded.forEach((entry, i) => {
      const given = entries[i]!;
      expect(entry.dir ?? false).toBe(given.dir ?? false);
      if (!entry.dir && !given.dir) {
        expect(entry.size).toBe(given.size);
        expect(Buffer.from(entry.data).equals(Buffer.from(given.data))).toBe(true);
      }
    });
  });

  it("stores a WAL segment of zeros in a few bytes", () => {
    const image = encodeImage(entries);
    expect(image.length).toBeLessThan(1024);
  });

  it("refuses what is not an image, and an image cut short", () => {
    expect(() => decodeImage(Buffer.from("a tar file, say"))).toThrow("not a rollsafe data directory image");
    const image = encodeImage(entries);
    expect(() => decodeImage(image.subarray(0, image.length - 2))).toThrow("truncated");
  });
});
