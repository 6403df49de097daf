// Years of history in one file (issue 22, item 7): `npm run mlops -- import` of 200,000 answers inside a
// 512 MB memory cgroup, as a container of the README's recommended size runs it. It died out of memory at 27 s
// (every row held twice, and the closed rounds' answers read in one query that also outlasted its 2 s).
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/calendar.js";
import { CRITERION_IDS } from "../../src/domain/rubric.js";
import { useCliDatabase } from "../support/cli-database.js";
import { useScratchFolder } from "../support/fixture.js";
import { memoryGroup } from "../support/memory-cgroup.js";
import { seedTeam } from "../support/seed.js";

const group = memoryGroup("import", 512 * 2 ** 20);
const { use, mlops } = useCliDatabase("mlops-import-large-", { ownProcess: true });
const scratch = useScratchFolder("mlops-import-file-");
afterAll(() => group.remove());

const TEAMS = 200;
const PEOPLE = 10;
const ROUNDS = 100;
/** Weekly rounds from a Monday, all of them in the past. */
const FIRST_ROUND = "2024-01-01";
const HEADER = `workspace_id,channel_id,round,user_id,role,${CRITERION_IDS.join(",")},note,confirmed_unchanged,na_reasons`;

async function writeHistory(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${HEADER}\n`);
  for (let round = 0; round < ROUNDS; round++) {
    const period = addDays(FIRST_ROUND, 7 * round);
    for (let team = 0; team < TEAMS; team++) {
      for (let person = 0; person < PEOPLE; person++) {
        const cells = CRITERION_IDS.map((_, i) => ((i + person + round) % 3 === 0 ? "0" : "1"));
        const line = `T0,C${team},${period},U${person},data_scientist,${cells.join(",")},week ${round},0,\n`;
        if (!out.write(line)) await once(out, "drain");
      }
    }
  }
  out.end();
  await once(out, "finish");
}

describe.runIf(group.available)("a 200,000-row import in a 512 MB memory cgroup", () => {
  it("imports every answer and recomputes every closed round, without running out of memory", async () => {
    // In one transaction: on the embedded database each commit is a write to disk.
    await use((db) =>
      db.transaction().execute(async (trx) => {
        for (let team = 0; team < TEAMS; team++)
          await seedTeam(trx, { channelId: `C${team}`, createdAt: "2023-12-01T00:00:00Z" });
      }),
    );
    const file = join(scratch.path, "history.csv");
    await writeHistory(file);

    const result = await mlops(["import", file], {}, { timeoutMs: 280_000, wrapper: group.wrapper });

    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(
      `Imported 200000 answers (200000 new, 0 replaced) for ${TEAMS} teams over ${TEAMS * ROUNDS} rounds; re-evaluated ${TEAMS * ROUNDS} closed rounds.`,
    );
    expect(result.code).toBe(0);
    expect(group.oomKills()).toBe(0);
    const stored = await use((db) =>
      db
        .selectFrom("answers")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow(),
    );
    expect(Number(stored.n)).toBe(TEAMS * PEOPLE * ROUNDS);
  }, 300_000);
});
