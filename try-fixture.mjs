import { loadParser, readMigrationSets } from "@rollsafe/parser";
import { verifyMigrations } from "@rollsafe/verify";
await loadParser();
const [folder, url] = process.argv.slice(2);
const { sets } = readMigrationSets([folder], { cwd: process.cwd() });
const r = await verifyMigrations({ sets, cwd: process.cwd(), engine: url ? { kind: "postgres", url } : { kind: "pglite" }, cacheDir: "/tmp/rollsafe-verify-test-base", baseImageOnly: true });
console.log(r.engine, r.serverVersion, JSON.stringify(r.summary), JSON.stringify(r.failure), r.missingExtensions);
for (const s of r.statements) console.log(`${s.path.split("/").pop()}:${s.line}:${s.column} ${s.kind} ${s.transaction}: ${s.locks.map(l=>l.mode+" "+l.relation).join(", ")}${s.heldFromEarlier?.length ? " held: "+s.heldFromEarlier.map(l=>l.mode+" "+l.relation).join(", "):""}${s.rewrote.length? " | rewrote "+s.rewrote:""}${s.error? " ERR "+s.error.message+" @"+s.error.line+":"+s.error.column:""}${s.notVerifiable?" NV "+s.notVerifiable.extension:""} ${s.notes.map(n=>"["+n.id+": "+n.message+"]").join(" ")}`);
for (const m of r.migrations) if (m.down) console.log("down", m.path, JSON.stringify(m.down));
