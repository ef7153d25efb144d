#!/usr/bin/env node
// The published entry point. A run is short, so V8 is told to spend less on optimizing code it will
// not run for long (docs/architecture.md, "Performance"):
// - Liftoff-only WebAssembly keeps the parser's first pass cheap: TurboFan's tier-up costs more than it saves;
// - no TurboFan inlining: compiling hot JavaScript costs a third of a corpus run's instructions, mostly
//   in inlining, and on two busy cores those compiles compete with the run itself.
import v8 from "node:v8";
v8.setFlagsFromString("--liftoff-only");
v8.setFlagsFromString("--no-turbo-inlining");
const { main } = await import("../dist/rollsafe.bundle.js");
process.exitCode = await main(process.argv.slice(2));
