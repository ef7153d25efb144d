#!/usr/bin/env node
// `npm run release:version -- <version>`: one version everywhere (docs/releasing.md). Writes it into
// every workspace's package.json (and the internal dependency ranges between them), the root's, and
// core's release-info.ts (the docs links' tag); then `npm install` refreshes the lockfile. Prints what to
// do next. Packages are released in lockstep: the two public ones bundle the same internal code.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const version = process.argv[2];
if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error("usage: npm run release:version -- <major.minor.patch[-pre]>");
  process.exit(2);
}

const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
for (const dir of [".", ...rootPkg.workspaces]) {
  const file = join(root, dir, "package.json");
  const pkg = JSON.parse(readFileSync(file, "utf8"));
  pkg.version = version;
  for (const field of ["dependencies", "devDependencies"]) {
    for (const name of Object.keys(pkg[field] ?? {})) if (name.startsWith("@rollsafe/")) pkg[field][name] = version;
  }
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

const info = join(root, "packages/core/src/release-info.ts");
const text = readFileSync(info, "utf8");
const updated = text.replace(/export const ROLLSAFE_VERSION = "[^"]+";/, `export const ROLLSAFE_VERSION = "${version}";`);
if (updated === text && !text.includes(`"${version}"`)) throw new Error("release-info.ts: ROLLSAFE_VERSION not found");
writeFileSync(info, updated);

execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "inherit" });
console.log(`version ${version} written. Next (docs/releasing.md): update CHANGELOG.md, npm test (updates nothing by itself: fix what fails), npm run release:check, commit, tag v${version}, publish.`);
