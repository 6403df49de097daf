import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database-backed files each get their own schema, but PGlite start-up is CPU-heavy on 2 cores.
    maxWorkers: 2,
    // Files share their worker's modules: the app, Bolt, pg and PGlite are imported once per worker instead of
    // once per file (the embedded run's import time fell from 183 s to 29 s; test/slack and test/domain alone
    // took 88 s of CPU instead of 237 s). Nothing in the suite mocks modules or stubs globals; the one file
    // that fakes timers (cron.test.ts) restores them after each test. A file's embedded database is emptied
    // when it is done and handed to the worker's next file (test/support/database.ts), so nothing leaks.
    isolate: false,
  },
});
