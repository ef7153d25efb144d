import { describe, expect, it } from "vitest";
import { formatMessage } from "../src/rule.js";

describe("formatMessage", () => {
  it.each([
    ["no placeholder", undefined, "no placeholder"],
    ['Column "{{column}}" is {{type}}.', { column: "a", type: "char(2)" }, 'Column "a" is char(2).'],
    ["{{ spaced }} and {{x}}{{x}}", { spaced: "1", x: "2" }, "1 and 22"],
    ["{{missing}} stays", {}, "{{missing}} stays"],
    ["{{a}}", { a: "$& and $1 are literal" }, "$& and $1 are literal"],
  ])("%s", (template, data, expected) => {
    expect(formatMessage(template, data)).toBe(expected);
  });
});
