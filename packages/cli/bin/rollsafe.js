#!/usr/bin/env node
// The published entry point. Liftoff-only WebAssembly keeps the parser's first pass cheap:
// a lint run is short, so TurboFan's tier-up costs more than it saves (docs/architecture.md).
import v8 from "node:v8";
v8.setFlagsFromString("--liftoff-only");
const { main } = await import("../dist/rollsafe.bundle.js");
process.exitCode = await main(process.argv.slice(2));
