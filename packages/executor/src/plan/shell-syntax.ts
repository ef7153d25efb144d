// `$VAR` or `$(…)` in a configured argv: no shell reads the arguments, so the program gets the text as
// typed. Not an error (a `$` can be meant literally, in a regular expression or a price), but almost
// always a command written for a shell: the plan warns, with the way environment values do reach it.
import type { RollbackConfig } from "@rollsafe/core";

const SHELL_EXPANSION = /\$(?:[A-Za-z_][A-Za-z0-9_]*|\()/;

/** One warning per argument that holds `$NAME` or `$(`, named by its place in the configuration. */
export function shellSyntaxWarnings(config: RollbackConfig): string[] {
  const warnings: string[] = [];
  for (const [key, argv] of configuredArgvs(config)) {
    argv.forEach((arg, i) => {
      const match = SHELL_EXPANSION.exec(arg);
      if (!match) return;
      const name = match[0] === "$(" ? undefined : match[0].slice(1);
      const how = name ? `commands inherit rollsafe's environment, so let the program, or a script of yours that calls it, read ${name} from there` : "put the command in a script of yours and configure the script";
      warnings.push(`rollback.${key}.${i}: "${arg}" reaches the program as typed: no shell expands ${name ? match[0] : "$(…)"}; ${how}`);
    });
  }
  return warnings;
}

function configuredArgvs(config: RollbackConfig): Array<[string, readonly string[]]> {
  const all: Array<[string, readonly string[] | undefined]> = [
    ["previousRelease.command", config.previousRelease?.command],
    ...(config.prepare ?? []).map((argv, i): [string, string[]] => [`prepare.${i}`, argv]),
    ["deploy", config.deploy],
    ["watch", config.watch],
    ["smoke", config.smoke],
    ["errorRate.command", config.errorRate?.command],
    ...(config.caches ?? []).map((argv, i): [string, string[]] => [`caches.${i}`, argv]),
    ["notify", Array.isArray(config.notify) ? config.notify : undefined],
  ];
  return all.filter((entry): entry is [string, readonly string[]] => entry[1] !== undefined);
}
