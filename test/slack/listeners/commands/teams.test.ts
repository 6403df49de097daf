import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { checkIn, newTeam } from "../../../support/flows.js";
import { type CommandReply, replyOf } from "../../../support/harness.js";
import { visibleText } from "../../../support/messages.js";
import { type Actor, BOB } from "../../../support/payloads.js";
import { NOT_OUR_WORKSPACE } from "../../../support/people.js";
import { seedTeam } from "../../../support/seed.js";
import { LEVEL_1_CHECKED } from "../../../support/seed-levels.js";

const MALLORY: Actor = { teamId: "T1OTHER", userId: "UMALLORY" };

const bot = useBot({ clock: () => new Date("2026-11-25T12:00:00Z"), resetBetweenTests: true });

const teamNamed = (name: string) => newTeam(bot, name, "teams");

const text = (reply: CommandReply, blockId: string) =>
  reply.blocks?.find((b) => b.block_id === blockId)?.text?.text;

describe("/mlops teams", () => {
  it("lists the workspace's teams with level and next prerequisite, escaped, and nothing of other workspaces", async () => {
    await teamNamed("Quiet"); // nobody has answered for it
    const where = await teamNamed("<!channel> listed");
    await checkIn(bot, where, {
      people: "siloed",
      release: "scoring_script_versioned",
      checked: LEVEL_1_CHECKED,
    });
    const reply = await replyOf(await bot.command("teams", { actor: BOB, channelId: "CANY" }));
    expect(JSON.stringify(reply)).not.toContain("<!channel>");
    const shown = visibleText(reply);
    expect(shown).toContain(
      `*&lt;!channel&gt; listed* <#${where.channelId}> — Level 1 · next: Data scientists and data engineers work together directly`,
    );
    expect(shown).toContain("*Quiet* <#");
    expect(shown).toContain("no answers yet");

    const other = await replyOf(await bot.command("teams", { actor: MALLORY, channelId: "CMALLORY" }));
    expect(other.text).toContain(NOT_OUR_WORKSPACE);
  });

  it("stays within Slack's limits with hundreds of teams", async () => {
    const workspace = "T0"; // the bot token's own: a one-token bot serves no other
    await bot.db
      .insertInto("workspaces")
      .values({ team_id: workspace, enterprise_id: null })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const teams = await bot.db
      .insertInto("ml_teams")
      .values(
        Array.from({ length: 600 }, (_, i) => ({
          team_id: workspace,
          enterprise_id: null,
          channel_id: `CMANY${i}`,
          name: `Team ${String(i).padStart(3, "0")} with a rather long descriptive name for its channel`,
          cadence: "weekly" as const,
          checkin_day: 1,
          checkin_time: "10:00",
          time_zone: "UTC",
          created_by: "UMANY",
        })),
      )
      .returning("id")
      .execute();
    await bot.db
      .insertInto("answers")
      .values(
        teams.map(({ id }) => ({
          ml_team_id: id,
          team_id: workspace,
          period: "2026-11-23",
          user_id: "UMANY",
          met: LEVEL_1_CHECKED.concat("scoring_script_versioned"),
        })),
      )
      .execute();
    const reply = await replyOf(
      await bot.command("teams", { actor: { teamId: workspace, userId: "UMANY" }, channelId: "CMANY0" }),
    );
    expect(reply.blocks?.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(reply).length).toBeLessThan(12_000);
    for (const block of reply.blocks ?? []) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    expect(text(reply, "teams:summary")).toContain("*600 ML teams in this workspace*");
    expect(text(reply, "teams:summary")).toMatch(/`L1` ▇+ 600 · DevOps but no MLOps/);
    expect(visibleText(reply)).toMatch(/…and \d+ more teams: \*Show more\* lists them\./);
  });
});

describe("/mlops teams with one team", () => {
  it("says “1 ML team”, in the notification text as in the message", async () => {
    await seedTeam(bot.db, {
      channelId: "CONLY",
      createdAt: "2026-03-02T08:00:00Z",
      respondents: ["UALICE"],
    });
    const reply = await replyOf(await bot.command("teams", { channelId: "CANY" }));
    expect(reply.text).toBe("MLOps maturity of 1 ML team");
    expect(visibleText(reply.blocks)).toContain("*1 ML team in this workspace*");
  });
});
