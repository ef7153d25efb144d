import { SourceText } from "@rollsafe/parser";
import { describe, expect, it } from "vitest";

/** Every UTF-16 offset that is not inside a surrogate pair. */
function boundaries(text: string): number[] {
  const out = [0];
  let offset = 0;
  for (const char of text) {
    offset += char.length;
    out.push(offset);
  }
  return out;
}

describe("SourceText: lines and columns", () => {
  it("counts 1-based lines and columns over \\n", () => {
    const source = new SourceText("ab\ncd\n");
    expect(source.position(0)).toEqual({ line: 1, column: 1, offset: 0, byte: 0 });
    expect(source.position(2)).toEqual({ line: 1, column: 3, offset: 2, byte: 2 });
    expect(source.position(3)).toEqual({ line: 2, column: 1, offset: 3, byte: 3 });
    expect(source.position(6)).toEqual({ line: 3, column: 1, offset: 6, byte: 6 });
    expect(source.lineCount).toBe(3);
  });

  it("treats \\r\\n as one line break and a lone \\r as one", () => {
    const source = new SourceText("a\r\nbc\rd\n\re");
    // lines: "a", "bc", "d", "", "e"
    expect(source.lineCount).toBe(5);
    expect(source.position(1)).toMatchObject({ line: 1, column: 2 }); // the \r of \r\n is still on line 1
    expect(source.position(2)).toMatchObject({ line: 1, column: 3 }); // the \n of \r\n
    expect(source.position(3)).toMatchObject({ line: 2, column: 1 });
    expect(source.position(6)).toMatchObject({ line: 3, column: 1 });
    expect(source.position(8)).toMatchObject({ line: 4, column: 1 });
    expect(source.position(9)).toMatchObject({ line: 5, column: 1 });
    expect([1, 2, 3, 4, 5].map((line) => source.lineText(line))).toEqual(["a", "bc", "d", "", "e"]);
  });

  it("gives the empty string for a line that does not exist", () => {
    const source = new SourceText("one\ntwo");
    expect(source.lineText(0)).toBe("");
    expect(source.lineText(3)).toBe("");
    expect(source.lineText(2)).toBe("two");
  });

  it("clamps positions to the text", () => {
    const source = new SourceText("abc\nde");
    expect(source.position(-5)).toEqual({ line: 1, column: 1, offset: 0, byte: 0 });
    expect(source.position(100)).toEqual({ line: 2, column: 3, offset: 6, byte: 6 });
  });

  it("handles empty text", () => {
    const source = new SourceText("");
    expect(source.length).toBe(0);
    expect(source.lineCount).toBe(1);
    expect(source.position(0)).toEqual({ line: 1, column: 1, offset: 0, byte: 0 });
    expect(source.lineText(1)).toBe("");
  });

  it("builds ranges from two offsets", () => {
    const source = new SourceText("SELECT 1;\nSELECT 2;");
    expect(source.range(10, 18)).toEqual({
      start: { line: 2, column: 1, offset: 10, byte: 10 },
      end: { line: 2, column: 9, offset: 18, byte: 18 },
    });
  });
});

describe("SourceText: byte-order mark", () => {
  it("strips a leading UTF-8 BOM and does not count it as a column", () => {
    const source = new SourceText("\uFEFFSELECT 1;\nSELECT 2;");
    expect(source.hadBom).toBe(true);
    expect(source.text).toBe("SELECT 1;\nSELECT 2;");
    expect(source.position(0)).toEqual({ line: 1, column: 1, offset: 0, byte: 0 });
    expect(source.lineText(1)).toBe("SELECT 1;");
  });

  it("keeps a BOM that is not at the start", () => {
    const source = new SourceText("a\uFEFF");
    expect(source.hadBom).toBe(false);
    expect(source.text).toBe("a\uFEFF");
    expect(source.byteOfOffset(2)).toBe(4);
  });
});

describe("SourceText: UTF-16 columns and UTF-8 bytes", () => {
  const text = "é€😀x\n'naïve' \"tàble\" 😀😀;";
  const source = new SourceText(text);

  it("counts columns in UTF-16 code units, as editors do", () => {
    // é (1 unit), € (1 unit), 😀 (2 units), x
    expect(source.position(text.indexOf("x"))).toMatchObject({ line: 1, column: 5 });
    const secondLine = text.indexOf("\n") + 1;
    expect(source.position(text.indexOf(";"))).toMatchObject({ line: 2, column: text.indexOf(";") - secondLine + 1 });
    expect(source.position(text.indexOf(";")).column).toBe(21);
  });

  it("maps offsets to UTF-8 bytes like Buffer.byteLength does", () => {
    for (const offset of boundaries(text)) {
      expect(source.byteOfOffset(offset)).toBe(Buffer.byteLength(text.slice(0, offset), "utf8"));
      expect(source.position(offset).byte).toBe(Buffer.byteLength(text.slice(0, offset), "utf8"));
    }
  });

  it("maps every character-start byte back to its offset", () => {
    for (const offset of boundaries(text)) {
      expect(source.offsetOfByte(Buffer.byteLength(text.slice(0, offset), "utf8"))).toBe(offset);
    }
  });

  it("maps a byte inside a multi-byte character to that character's start", () => {
    // é is bytes 0-1, € bytes 2-4, 😀 bytes 5-8 (offsets 2-3)
    expect(source.offsetOfByte(1)).toBe(0);
    expect(source.offsetOfByte(3)).toBe(1);
    expect(source.offsetOfByte(4)).toBe(1);
    expect(source.offsetOfByte(6)).toBe(2);
    expect(source.offsetOfByte(8)).toBe(2);
    expect(source.offsetOfByte(9)).toBe(4);
    expect(source.positionOfByte(9)).toMatchObject({ line: 1, column: 5, offset: 4, byte: 9 });
  });

  it("clamps byte offsets outside the text", () => {
    const total = Buffer.byteLength(text, "utf8");
    expect(source.offsetOfByte(-3)).toBe(0);
    expect(source.offsetOfByte(total + 10)).toBe(text.length);
    const ascii = new SourceText("abc");
    expect(ascii.offsetOfByte(-1)).toBe(0);
    expect(ascii.offsetOfByte(10)).toBe(3);
  });

  it("uses bytes = offsets for ASCII text", () => {
    const ascii = new SourceText("SELECT 1;\r\nSELECT 2;");
    for (let offset = 0; offset <= ascii.length; offset++) {
      expect(ascii.byteOfOffset(offset)).toBe(offset);
      expect(ascii.offsetOfByte(offset)).toBe(offset);
    }
  });

  it("keeps byte offsets right after a BOM and non-ASCII text on CRLF lines", () => {
    const crlf = new SourceText("\uFEFF-- café\r\nSELECT 'ü';\r\n");
    const select = crlf.text.indexOf("SELECT");
    expect(crlf.position(select)).toEqual({ line: 2, column: 1, offset: 9, byte: 10 });
    expect(crlf.positionOfByte(10)).toEqual(crlf.position(select));
  });
});
