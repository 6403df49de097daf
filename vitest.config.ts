import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest (real processes, a 200,000-row import), longest first. With two workers a
 * suite ends when its last long file does: started late, one of them runs alone for half a minute at the
 * end. Vitest orders files by the durations of a previous run when it has them and by size otherwise (a
 * clean checkout, as in CI), and by size cli-import-large.test.ts came among the last. A stale list only
 * costs time: a file missing here runs where vitest would have put it. (In order, an embedded run took
 * 31, 26, 13, 10, 8, 8, 7 and 7 s for them on a busy machine.)
 */
const SLOW_FILES = [
  "test/e2e/cli-import-large.test.ts",
  "test/e2e/process.test.ts",
  "test/e2e/startup-errors.test.ts",
  "test/e2e/embedded-lock.test.ts",
  "test/e2e/oauth-workspaces.test.ts",
  "test/slack/upload-queue.test.ts",
  "test/scheduler/deliver.test.ts",
  "test/cli.test.ts",
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = SLOW_FILES.indexOf(relative(file.project.config.root, file.moduleId));
      return index === -1 ? SLOW_FILES.length : index;
    };
    // Array.prototype.sort is stable: the other files keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: SlowFirst },
  },
});
