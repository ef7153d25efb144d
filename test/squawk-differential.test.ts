// rollsafe against squawk on the shared corpus, statement by statement, for every pair of equivalent
// rules (meta.equivalents.squawk). Each disagreement must fall into a documented class
// (test/support/disagreement-classes.ts, docs/comparison.md).
import { loadParser } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "./support/corpus.js";
import { DISAGREEMENT_CLASSES } from "./support/disagreement-classes.js";
import { compareWithSquawk, squawkBinary, type PairCounts, type StatementRef } from "./support/squawk-differential.js";

describe.skipIf(!RUN_CORPUS_TESTS || !squawkBinary())("rollsafe and squawk on the shared corpus", () => {
  let pairs: PairCounts[];
  beforeAll(async () => {
    await loadParser();
    pairs = compareWithSquawk(CORPUS_DIR);
  }, 120_000);

  it("compares at least the foundation's pairs", () => {
    expect(pairs.map((p) => p.rollsafeRule)).toEqual(expect.arrayContaining(["dropping-column", "dropping-table", "renaming-column", "renaming-table", "changing-column-type", "adding-required-column"]));
    // The agreement table (also in docs/comparison.md).
    console.log(pairs.map((p) => `${p.rollsafeRule} ~ ${p.squawkRules.join(", ")}: both ${p.both}, rollsafe only ${p.rollsafeOnly.length}, squawk only ${p.squawkOnly.length}`).join("\n"));
  });

  it("pairs only rules whose metadata names the squawk rule", async () => {
    const { ALL_RULES } = await import("@rollsafe/rules");
    const { SAME_CHECK } = await import("./support/squawk-differential.js");
    for (const [ruleId, squawkRules] of Object.entries(SAME_CHECK)) {
      const rule = ALL_RULES.find((r) => r.id === ruleId);
      expect(rule?.meta.equivalents?.squawk, ruleId).toEqual(expect.arrayContaining([...squawkRules]));
    }
  });

  it("explains every disagreement by a documented class", () => {
    const unexplained: string[] = [];
    for (const pair of pairs) {
      const check = (side: "rollsafe-only" | "squawk-only", refs: StatementRef[]) => {
        for (const ref of refs) {
          const fits = DISAGREEMENT_CLASSES.some((c) => c.side === side && (c.rules === "*" || c.rules.includes(pair.rollsafeRule)) && ref.facts.has(c.fact));
          if (!fits) unexplained.push(`${pair.rollsafeRule} ${side}: ${ref.path} [${[...ref.facts].join(",")}]: ${ref.statement.text.slice(0, 120).replace(/\s+/g, " ")}`);
        }
      };
      check("rollsafe-only", pair.rollsafeOnly);
      check("squawk-only", pair.squawkOnly);
    }
    expect(unexplained).toEqual([]);
  });
});
