import { readFileSync } from "node:fs";
const r = JSON.parse(readFileSync(process.argv[2], "utf8"));
const classes = new Map();
for (const s of r.statements) for (const n of s.notes) if (n.id === "static-observed-mismatch") {
  const key = s.kind + " | " + n.message.replace(/public\.[\w"]+/g, "T").replace(/ on T, T/g, " on T");
  const list = classes.get(key) ?? []; list.push(`${s.path.split("/").slice(-2).join("/")}:${s.line}`); classes.set(key, list);
}
for (const [k, v] of [...classes].sort((a, b) => b[1].length - a[1].length)) console.log(v.length, k, "e.g.", v.slice(0, 2).join(" "));
console.log(r.summary, r.failure);
