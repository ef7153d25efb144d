// drizzle-kit's meta/_journal.json: its entries, and where each entry's values are in the text, so that
// integrity findings point at the line that is wrong.
import type { JournalEntry, TextSpan } from "./types.js";

interface RawJournal {
  dialect?: unknown;
  entries?: Array<{ idx?: unknown; when?: unknown; tag?: unknown }>;
}

export interface ParsedJournal {
  dialect: string | undefined;
  entries: Omit<JournalEntry, "migrationPath">[];
}

/** Parses the journal; throws the JSON error for the caller to report. */
export function parseJournal(text: string): ParsedJournal {
  const raw = JSON.parse(text) as RawJournal;
  const entries = Array.isArray(raw?.entries) ? raw.entries : [];
  const tags = valueSpans(text, "tag", STRING_VALUE);
  const idxs = valueSpans(text, "idx", NUMBER_VALUE);
  const whens = valueSpans(text, "when", NUMBER_VALUE);
  // The keys are found by a scan of the text: trust the positions only when each key occurs once per entry.
  const located = (spans: TextSpan[]) => (spans.length === entries.length ? spans : []);
  const parsed: ParsedJournal["entries"] = [];
  entries.forEach((entry, i) => {
    if (typeof entry?.tag !== "string") return;
    const spans: JournalEntry["spans"] = {};
    const tag = located(tags)[i];
    const idx = located(idxs)[i];
    const when = located(whens)[i];
    if (tag) spans.tag = tag;
    if (idx) spans.idx = idx;
    if (when) spans.when = when;
    parsed.push({ idx: finite(entry.idx), when: finite(entry.when), tag: entry.tag, spans });
  });
  return { dialect: typeof raw?.dialect === "string" ? raw.dialect : undefined, entries: parsed };
}

const STRING_VALUE = String.raw`"(?:[^"\\]|\\.)*"`;
const NUMBER_VALUE = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;

/** The spans of the values of every `"key": <value>` in the text, in order. */
function valueSpans(text: string, key: string, value: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const pattern = new RegExp(`"${key}"\\s*:\\s*(${value})`, "g");
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length - match[1]!.length;
    spans.push({ start, end: start + match[1]!.length });
  }
  return spans;
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
