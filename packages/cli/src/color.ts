/**
 * Colours on a terminal only, never when NO_COLOR is set (no-color.org); FORCE_COLOR forces them.
 * (picocolors' own detection also colours whenever CI is set, which garbles logs that are parsed.)
 */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return !!stream.isTTY && env.TERM !== "dumb";
}
