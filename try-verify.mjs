import { readMigrationSets } from "@rollsafe/parser";
import { verifyMigrations } from "@rollsafe/verify";
const [path, url] = process.argv.slice(2);
const { sets, problems } = readMigrationSets([path], { cwd: process.cwd() });
const t = performance.now();
const r = await verifyMigrations({ sets, cwd: process.cwd(), engine: url ? { kind: "postgres", url } : { kind: "pglite" }, cacheDir: process.env.CACHE });
console.error("wall", Math.round(performance.now() - t));
if (process.env.FULL) console.log(JSON.stringify(r, null, 1));
else { console.log(r.engine, r.serverVersion, r.summary, r.failure, r.missingExtensions);
for (const s of r.statements) if (s.notes.some(n=>n.id==="static-observed-mismatch") || s.rewrote.length || (s.error && !s.notVerifiable)) console.log(s.path+":"+s.line, s.kind, JSON.stringify(s.locks), s.rewrote, s.notes.map(n=>n.message), s.error?.message);
}
