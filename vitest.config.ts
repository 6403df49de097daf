import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database-backed files each get their own schema, but PGlite start-up is CPU-heavy on 2 cores.
    maxWorkers: 2,
  },
});
