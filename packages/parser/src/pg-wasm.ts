// The PostgreSQL grammar (libpg-query, WASM), loaded once per process.
//
// libpg-query's own entry point instantiates its WebAssembly asynchronously at import time and
// needs several event-loop turns (~100 ms here). Compiling the module synchronously and handing it
// to the Emscripten factory through `instantiateWasm` takes ~55 ms, which matters for a linter
// whose whole run is a few hundred milliseconds. The package has no `exports` map, so the
// deep import is allowed; its version is pinned exactly in package.json because this binding
// reads the result structs that version's glue defines. If anything about the fast path fails,
// we fall back to the public API, which yields the same results (a test compares both).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ParseResult } from "@pgsql/types";

/** A token of PostgreSQL's lexer; offsets are UTF-8 byte offsets into the scanned text. */
export interface ScanToken {
  start: number;
  end: number;
  text: string;
  tokenName: string;
  keywordName: string;
}

/** A syntax error from the grammar, at a UTF-8 byte offset into the parsed text. */
export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
  ) {
    super(message);
    this.name = "SqlSyntaxError";
  }
}

interface EmscriptenModule {
  /** The WASM memory as bytes; the glue replaces it when the memory grows, so read it after each call. */
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _wasm_parse_query_raw(ptr: number): number;
  _wasm_free_parse_result(ptr: number): void;
  _wasm_scan(ptr: number): number;
  _wasm_free_string(ptr: number): void;
  getValue(ptr: number, type: "i32"): number;
}

/** Which binding of libpg-query serves the parser: the fast deep import, or the package's public API. */
export type ParserPath = "fast" | "public";

/** One loaded binding of the grammar. Both paths give identical results (a test compares them). */
export interface ParserEngine {
  readonly path: ParserPath;
  parse(text: string): ParseResult;
  scan(text: string): ScanToken[];
}

// TypeScript's WebAssembly declarations live in lib.dom; Node has the global, so type the few parts used.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let engine: ParserEngine | undefined;
let loading: Promise<void> | undefined;

/** Loads the grammar; every other function of this module needs it to have resolved once. */
export function loadParser(): Promise<void> {
  loading ??= loadFast().catch(loadPublic).then((loaded) => {
    engine = loaded;
  });
  return loading;
}

/** Whether loadParser() has completed, so the synchronous functions may be called. */
export function isParserLoaded(): boolean {
  return engine !== undefined;
}

/** The binding loadParser() settled on, or undefined before it has completed. */
export function parserPath(): ParserPath | undefined {
  return engine?.path;
}

/**
 * Loads one binding on its own, without touching the one loadParser() uses; for tests and
 * benchmarks that compare the two paths. Rejects when that path cannot load.
 */
export function loadParserEngine(path: ParserPath): Promise<ParserEngine> {
  return path === "fast" ? loadFast() : loadPublic();
}

/** Parses SQL text; throws SqlSyntaxError on invalid SQL. Empty text has no statements. */
export function parseRaw(text: string): ParseResult {
  return loaded().parse(text);
}

/** Tokenizes SQL text (comments included); throws SqlSyntaxError on an unterminated token. Empty text has no tokens. */
export function scanRaw(text: string): ScanToken[] {
  return loaded().scan(text);
}

function loaded(): ParserEngine {
  if (!engine) throw new Error("The SQL parser is not loaded: await loadParser() first.");
  return engine;
}

async function loadFast(): Promise<ParserEngine> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("libpg-query/wasm/libpg-query.js");
  const wasm = new WebAssemblyApi.Module(readFileSync(gluePath.replace(/\.js$/, ".wasm")));
  const glue = (await import(gluePath)) as { default: (options: object) => Promise<EmscriptenModule> };
  const mod = await glue.default({
    instantiateWasm(imports: object, done: (instance: object, module: object) => void) {
      const instance = new WebAssemblyApi.Instance(wasm, imports);
      done(instance, wasm);
      return instance.exports;
    },
  });
  return { path: "fast", parse: (text) => parseWith(mod, text), scan: (text) => scanWith(mod, text) };
}

async function loadPublic(): Promise<ParserEngine> {
  const pg = await import("libpg-query");
  await pg.loadModule();
  const parse = (text: string): ParseResult => {
    try {
      // The public API refuses "" ("Query cannot be empty"); the grammar itself gives no statements.
      return pg.parseSync(text === "" ? " " : text);
    } catch (error) {
      const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
      throw new SqlSyntaxError((error as Error).message, byteOfCharacter(text, details?.cursorPosition ?? 0));
    }
  };
  return {
    path: "public",
    parse,
    scan(text) {
      if (text === "") return [];
      try {
        return pg.scanSync(text).tokens;
      } catch (error) {
        // scanSync hides the tokenizer's message behind a JSON error; the grammar reports the same
        // lexer error when it is the text's first error (an unterminated quote or comment).
        let message = (error as Error).message;
        try {
          parse(text);
        } catch (parseError) {
          message = (parseError as Error).message;
        }
        throw new SqlSyntaxError(`cannot tokenize: ${message}`, 0);
      }
    },
  };
}

// Strings cross into and out of the WASM heap through Node's native UTF-8 codec: the glue's own
// helpers walk the bytes in JavaScript (a NUL search and a decode loop per result), which cost more
// than the parse itself on the multi-megabyte JSON trees of a whole corpus.
function withCString<T>(mod: EmscriptenModule, text: string, use: (ptr: number) => T): T {
  const length = Buffer.byteLength(text, "utf8");
  const ptr = mod._malloc(length + 1);
  try {
    const heap = mod.HEAPU8;
    Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength).write(text, ptr, length, "utf8");
    heap[ptr + length] = 0;
    return use(ptr);
  } finally {
    mod._free(ptr);
  }
}

/** The NUL-terminated UTF-8 string at `ptr` in the WASM heap. */
function readCString(mod: EmscriptenModule, ptr: number): string {
  const heap = mod.HEAPU8;
  const end = heap.indexOf(0, ptr);
  return Buffer.from(heap.buffer, heap.byteOffset + ptr, (end < 0 ? heap.length : end) - ptr).toString("utf8");
}

function parseWith(mod: EmscriptenModule, text: string): ParseResult {
  return withCString(mod, text, (queryPtr) => {
    const resultPtr = mod._wasm_parse_query_raw(queryPtr);
    if (!resultPtr) throw new Error("libpg-query: out of memory");
    try {
      // struct { char* parse_tree; char* stderr_buffer; PgQueryError* error; }
      const treePtr = mod.getValue(resultPtr, "i32");
      const errorPtr = mod.getValue(resultPtr + 8, "i32");
      if (errorPtr) {
        // struct PgQueryError { char* message; char* funcname; char* filename; int lineno; int cursorpos; }
        const messagePtr = mod.getValue(errorPtr, "i32");
        const cursor = mod.getValue(errorPtr + 16, "i32");
        const message = messagePtr ? readCString(mod, messagePtr) : "syntax error";
        throw new SqlSyntaxError(message, byteOfCharacter(text, cursor > 0 ? cursor - 1 : 0));
      }
      return JSON.parse(readCString(mod, treePtr)) as ParseResult;
    } finally {
      mod._wasm_free_parse_result(resultPtr);
    }
  });
}

/**
 * PostgreSQL reports an error's position in characters (code points: it counts with
 * pg_mbstrlen), not bytes; SqlSyntaxError carries the UTF-8 byte offset the rest of the parser uses.
 */
function byteOfCharacter(text: string, characters: number): number {
  let bytes = 0;
  let i = 0;
  for (let n = 0; n < characters && i < text.length; n++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
    i++;
  }
  return bytes;
}

function scanWith(mod: EmscriptenModule, text: string): ScanToken[] {
  if (text === "") return [];
  return withCString(mod, text, (queryPtr) => {
    const resultPtr = mod._wasm_scan(queryPtr);
    try {
      const json = readCString(mod, resultPtr);
      if (!json.startsWith("{")) throw new SqlSyntaxError(`cannot tokenize: ${json}`, 0);
      return (JSON.parse(json) as { tokens?: ScanToken[] }).tokens ?? [];
    } finally {
      if (resultPtr) mod._wasm_free_string(resultPtr);
    }
  });
}
