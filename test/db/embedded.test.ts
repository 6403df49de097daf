// The embedded database as npm start and Docker open it: a first start on an empty folder loads the data
// directory the build prepared (no initdb, which alone peaks at about 840 MB), a restart opens what is there,
// and both run with the small-container settings.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { startPgliteIn } from "../../src/db/embedded.js";
import { useScratchFolder } from "../support/fixture.js";

// Made by scripts/build.mjs, which the test run's global set-up runs, as npm start does.
const BUILT_SEED = resolve("dist/embedded-seed.tar.gz");
const scratch = useScratchFolder("mlops-embedded-");

describe("the embedded database's data directory", () => {
  it("is loaded from the build's prepared copy on a first start, then reopened with its data on a restart", async () => {
    const folder = join(scratch.path, "pgdata");
    const first = await startPgliteIn(folder, BUILT_SEED);
    expect(first.origin).toBe("seed");
    expect(existsSync(join(folder, "PG_VERSION"))).toBe(true);
    await first.pglite.exec(
      "create table kept (note text); insert into kept values ('from the first start')",
    );
    await first.pglite.close();

    const again = await startPgliteIn(folder, BUILT_SEED);
    expect(again.origin).toBe("existing");
    const { rows } = await again.pglite.query<{ note: string }>("select note from kept");
    expect(rows).toEqual([{ note: "from the first start" }]);
    await again.pglite.close();
  });

  it("runs with buffers sized for one connection, not Postgres's server defaults", async () => {
    const { pglite } = await startPgliteIn(join(scratch.path, "settings"), BUILT_SEED);
    const show = async (name: string) =>
      (await pglite.query<Record<string, string>>(`show ${name}`)).rows[0]?.[name];
    expect(await show("shared_buffers")).toBe("8MB");
    expect(await show("max_connections")).toBe("5");
    await pglite.close();
  });
});
