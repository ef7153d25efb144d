// Ctrl-C (and SIGTERM, a CI job's cancel) during a rollback: the first one stops the running step and
// lets the run record `interrupted`; a second one exits at once.
export interface InterruptHandle {
  signal: AbortSignal;
  dispose(): void;
}

export function onInterrupt(stderr: NodeJS.WritableStream, what: string): InterruptHandle {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    stderr.write(`rollsafe: ${signal === "SIGINT" ? "interrupted (Ctrl-C)" : `received ${signal}`}: stopping ${what}; press Ctrl-C again to exit at once\n`);
    controller.abort(signal);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
