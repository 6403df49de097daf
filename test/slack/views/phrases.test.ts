// Counts read as English wherever a person sees them: "1 team", "1 of 1 team checked in".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.js";
import type { TeamLine } from "../../src/services/team-status.js";
import { plural, pluralOf } from "../../src/slack/views/phrases.js";
import { teamsMessage } from "../../src/slack/views/teams-list.js";
import {
  answer,
  posts,
  resetTables,
  SEED_LEVEL_1,
  seedTeam,
  testDeps,
  textOf,
  tickAt,
} from "../scheduler/support.js";
import { createTestDatabase } from "../support/database.js";
import { type BotUnderTest, replyOf, startBotUnderTest } from "../support/harness.js";

let database: DatabaseHandle;
let bot: BotUnderTest;

beforeAll(async () => {
  database = await createTestDatabase();
  bot = await startBotUnderTest(database, { clock: () => new Date("2026-03-25T12:00:00Z") });
});
afterAll(async () => {
  await bot?.stop();
  await database?.close();
});
beforeEach(async () => {
  await resetTables(database.db);
  bot.slack.reset();
});

async function oneTeam(): Promise<number> {
  return seedTeam(database.db, {
    channelId: "CONLY",
    createdAt: "2026-03-02T08:00:00Z",
    respondents: ["UALICE"],
  });
}

describe("plural and pluralOf", () => {
  it("agree with the count, and with the total in “n of m”", () => {
    expect([0, 1, 2].map((n) => plural(n, "team"))).toEqual(["0 teams", "1 team", "2 teams"]);
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(3, "person", "people")).toBe("3 people");
    expect(pluralOf(1, 1, "team")).toBe("1 of 1 team");
    expect(pluralOf(0, 1, "respondent")).toBe("0 of 1 respondent");
    expect(pluralOf(1, 2, "team")).toBe("1 of 2 teams");
  });
});

describe("/mlops teams with one team", () => {
  it("says “1 ML team”, in the notification text as in the message", async () => {
    await oneTeam();
    const reply = await replyOf(await bot.command("teams", { channelId: "CANY" }));
    expect(reply.text).toBe("MLOps maturity of 1 ML team");
    expect(JSON.stringify(reply.blocks)).toContain("*1 ML team in this workspace*");
  });

  it("says “…and 1 more team” when exactly one does not fit", () => {
    const lines: TeamLine[] = Array.from({ length: 2_000 }, (_, i) => ({
      id: i,
      name: `team ${String(i).padStart(4, "0")} ${"x".repeat(40)}`,
      channelId: `C${i}`,
      level: null,
      next: null,
    }));
    const shown = (n: number) =>
      JSON.stringify(teamsMessage(lines.slice(0, n)).blocks).match(/…and (\d+) more/);
    // Find a length at which exactly one team is left out.
    const total = Array.from({ length: 2_000 }, (_, i) => i + 1).find((n) => shown(n)?.[1] === "1");
    expect(total).toBeDefined();
    expect(JSON.stringify(teamsMessage(lines.slice(0, total)).blocks)).toContain("…and 1 more team. ");
  });
});

describe("the org digest of a workspace with one team", () => {
  it("says “1 team” and “1 of 1 team checked in”", async () => {
    const id = await oneTeam();
    await database.db
      .updateTable("workspaces")
      .set({ digest_channel_id: "CDIGEST", digest_time_zone: "UTC", digest_set_by: "UALICE" })
      .execute();
    const deps = testDeps(database.db, bot.slack);
    await tickAt(deps, "2026-03-23T10:00:00Z");
    await answer(database.db, { mlTeamId: id, period: "2026-03-23", userId: "UALICE", met: SEED_LEVEL_1 });
    bot.slack.reset();
    await tickAt(deps, "2026-03-30T09:00:00Z");
    const [digest] = posts(bot.slack, "CDIGEST");
    expect(digest?.args.text).toBe("MLOps maturity for the week of Mon 30 Mar: 1 team");
    const text = textOf(digest ?? { method: "", args: {}, token: "", at: 0 });
    expect(text).toContain("*Teams per level* (1 team)");
    expect(text).toContain(
      "Participation this week: 1 of 1 respondent answered (100%); 1 of 1 team checked in.",
    );
  });
});
