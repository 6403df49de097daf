// Whichever way the run ends (done, failed, Ctrl-C), the fake Slack stops and the cluster goes away.
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | undefined;

/** Registers a clean-up; they run once, newest first. */
export function onExit(cleanup: () => Promise<unknown>): void {
  cleanups.push(cleanup);
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.error(err));
  })();
  return cleaning;
}

/** Ctrl-C and SIGTERM clean up before exiting; child processes exit when their IPC channel closes. */
export function cleanUpOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping and cleaning up…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
}
