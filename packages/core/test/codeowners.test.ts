// CODEOWNERS as GitHub reads it: the examples of GitHub's documentation, and where it differs from gitignore.
import { describe, expect, it } from "vitest";
import { ownersOf, parseCodeowners } from "@rollsafe/core/signoff";

const owners = (text: string, path: string) => ownersOf(parseCodeowners(text, "CODEOWNERS"), path).owners.map((o) => o.spec);

describe("CODEOWNERS", () => {
  it("takes the last matching line, and a later line without owners leaves the file without owners", () => {
    const file = "*       @global-owner1 @global-owner2\n*.sql   @db-owner\n/apps/ @octocat\n/apps/github\n";
    expect(owners(file, "README.md")).toEqual(["@global-owner1", "@global-owner2"]);
    expect(owners(file, "db/0001.sql")).toEqual(["@db-owner"]);
    expect(owners(file, "apps/web/x.ts")).toEqual(["@octocat"]);
    expect(owners(file, "apps/github/x.ts")).toEqual([]);
  });

  it("matches the documented patterns: anchored folders, folders anywhere, **/ prefixes", () => {
    expect(owners("/build/logs/ @doctocat\n", "build/logs/a/b.log")).toEqual(["@doctocat"]);
    expect(owners("/build/logs/ @doctocat\n", "x/build/logs/a.log")).toEqual([]);
    expect(owners("apps/ @octocat\n", "deep/er/apps/x.js")).toEqual(["@octocat"]);
    expect(owners("**/logs @octocat\n", "deeply/nested/logs/x.log")).toEqual(["@octocat"]);
    expect(owners("db/migrations/ @acme/db\n", "db/migrations/0002_x.sql")).toEqual(["@acme/db"]);
  });

  it("`docs/*` owns the files directly in docs/, not those of its sub-folders (unlike gitignore)", () => {
    expect(owners("docs/* docs@example.com\n", "docs/getting-started.md")).toEqual(["docs@example.com"]);
    expect(owners("docs/* docs@example.com\n", "docs/build-app/troubleshooting.md")).toEqual([]);
    expect(owners("/* @root\n", "top.sql")).toEqual(["@root"]);
    expect(owners("/* @root\n", "sub/top.sql")).toEqual([]);
    expect(owners("* @everyone\n", "a/b/c.sql")).toEqual(["@everyone"]);
  });

  it("is case-sensitive, reads brackets literally, and skips `!` lines and lines with a bad owner (reporting them)", () => {
    expect(owners("Migrations/ @a\n", "migrations/1.sql")).toEqual([]);
    expect(owners("m/file[1].sql @a\n", "m/file1.sql")).toEqual([]);
    expect(owners("m/file[1].sql @a\n", "m/file[1].sql")).toEqual(["@a"]);
    const file = parseCodeowners("* @a\n!m/ @b\nm/ not-an-owner\n", ".github/CODEOWNERS");
    expect(ownersOf(file, "m/1.sql").owners.map((o) => o.spec)).toEqual(["@a"]);
    expect(file.problems).toEqual([
      { line: 2, column: 1, message: expect.stringContaining("negation (!) does not work in CODEOWNERS") },
      { line: 3, column: 4, message: expect.stringContaining('"not-an-owner" is not an @user, @org/team or e-mail owner') },
    ]);
  });

  it("reads comments (whole-line and inline), escaped spaces and the kinds of owner", () => {
    const file = parseCodeowners("# comment\n\n*.js    @js-owner #This is an inline comment.\npath\\ with\\ spaces/ @acme/space-team a@b.example\n", "CODEOWNERS");
    expect(file.rules.map((r) => [r.line, r.pattern, r.owners.map((o) => o.kind)])).toEqual([
      [3, "*.js", ["user"]],
      [4, "path\\ with\\ spaces/", ["team", "email"]],
    ]);
    expect(ownersOf(file, "path with spaces/x.sql").owners.map((o) => o.spec)).toEqual(["@acme/space-team", "a@b.example"]);
    expect(file.problems).toEqual([]);
  });
});
