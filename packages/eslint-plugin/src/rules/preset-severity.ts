import type { Preset, Rule } from "@rollsafe/core";

/**
 * A rule's severity in a preset: its default one when the preset has it (`strict` adds the hygiene
 * rules to `recommended`), else off. Notes are off: ESLint has no informational severity.
 */
export function presetSeverity(rule: Rule, preset: Preset): "error" | "warn" | "off" {
  const inPreset = (rule.meta.preset ?? "recommended") === "recommended" || preset === "strict";
  if (!inPreset || rule.meta.severity === "note") return "off";
  return rule.meta.severity;
}
