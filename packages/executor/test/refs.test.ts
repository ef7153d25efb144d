// Refs are checked before they reach git or a placeholder: a valid ref name or a full commit id, never an option.
import { describe, expect, it } from "vitest";
import { atJsonPath, refProblem } from "@rollsafe/executor";

describe("refProblem", () => {
  it.each(["v1.4.0", "main", "release/1.4", "HEAD", "0123456789abcdef0123456789abcdef01234567", "abc1234"])("accepts %s", (ref) => {
    expect(refProblem(process.cwd(), ref)).toBeUndefined();
  });

  it.each([
    ["main;rm -rf ~", /not a valid ref name/],
    ["--upload-pack=x", /starts with -/],
    ["-x", /starts with -/],
    ["v1.4.0~1", /not a valid ref name/],
    ["HEAD^", /not a valid ref name/],
    ["a..b", /not a valid ref name/],
    ["@{-1}", /not a valid ref name/],
    ["x.lock", /not a valid ref name/],
    ["a b", /not a valid ref name/],
    ["", /empty/],
    ["main\nrm", /line break/],
  ])("refuses %j", (ref, why) => {
    expect(refProblem(process.cwd(), ref)).toMatch(why);
  });
});

describe("atJsonPath", () => {
  const runs = [{ headSha: "aaa" }, { headSha: "bbb", tags: ["v1"] }];
  it.each([
    ["1.headSha", "bbb"],
    ["[1].headSha", "bbb"],
    ["0.headSha", "aaa"],
    ["1.tags.0", "v1"],
    ["[1].tags[0]", "v1"],
  ])("%s", (path, value) => expect(atJsonPath(runs, path)).toBe(value));

  it("is undefined for a missing part, and never reads inherited properties", () => {
    expect(atJsonPath(runs, "2.headSha")).toBeUndefined();
    expect(atJsonPath(runs, "0.nope")).toBeUndefined();
    expect(atJsonPath({}, "constructor")).toBeUndefined();
    expect(atJsonPath({ a: 1 }, "a.b")).toBeUndefined();
  });
});
