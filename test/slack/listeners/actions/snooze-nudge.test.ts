import { beforeEach, describe, expect, it } from "vitest";
import { SNOOZE_NUDGE_ACTION } from "../../../../src/slack/ids.js";
import { nudgeMessage } from "../../../../src/slack/views/nudge.js";
import { useBot } from "../../../support/fixture.js";
import { visibleText } from "../../../support/messages.js";
import { ALICE } from "../../../support/payloads.js";
import {
  ADA,
  CAROL,
  CREATOR,
  introducePeople,
  NOT_OUR_WORKSPACE,
  STRANGER,
} from "../../../support/people.js";
import { seedTeam } from "../../../support/seed.js";

const NOW = new Date("2026-03-25T12:00:00Z");
const bot = useBot({ clock: () => NOW, resetBetweenTests: true, setup: introducePeople });
const TEAM = {
  channelId: "CTEAM",
  name: "<!channel> models",
  createdAt: "2026-03-01T00:00:00Z",
  respondents: [ALICE.userId],
};
let teamId: number;

beforeEach(async () => {
  teamId = await seedTeam(bot.db, TEAM);
});

describe("the Snooze 4 weeks button", () => {
  const message = () =>
    nudgeMessage({
      mlTeamId: teamId,
      teamName: "ML",
      period: "2026-03-16",
      nudge: { kind: "siloed_roles", workOn: "ds_de_collaboration" },
    });

  async function snoozes() {
    return bot.db.selectFrom("snoozes").selectAll().execute();
  }

  it("silences that kind for the team for 28 days, confirms, and updates the nudge for everyone", async () => {
    const res = await bot.click(SNOOZE_NUDGE_ACTION, {
      value: `${teamId}:siloed_roles`,
      channelId: "CTEAM",
      messageBlocks: message().blocks,
    });
    expect(res.status).toBe(200);
    await bot.slack.waitFor(() => bot.slack.responses.length >= 2);
    expect(await snoozes()).toEqual([
      {
        ml_team_id: teamId,
        kind: "siloed_roles",
        until: new Date("2026-04-22T12:00:00Z"),
        snoozed_by: ALICE.userId,
      },
    ]);
    const [confirmation, update] = bot.slack.responses.map((r) => r.body);
    expect(confirmation).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(confirmation?.text).toContain("No siloed-roles nudges for *&lt;!channel&gt; models* until");
    expect(update).toMatchObject({ replace_original: true });
    expect(visibleText(update?.blocks)).toContain(`<@${ALICE.userId}> snoozed siloed-roles nudges`);
    expect(JSON.stringify(update?.blocks)).not.toContain(SNOOZE_NUDGE_ACTION);
  });

  it.each(["", "abc", `1:world_peace`, "1:siloed_roles:extra", "99999999999:siloed_roles"])(
    "refuses a forged value %j and stores nothing",
    async (value) => {
      await bot.click(SNOOZE_NUDGE_ACTION, { value, channelId: "CTEAM" });
      await bot.slack.waitFor(() => bot.slack.responses.length >= 1);
      expect(await snoozes()).toEqual([]);
      expect(bot.slack.responses.map((r) => r.body.text)).toEqual([expect.stringContaining("out of date")]);
    },
  );

  /** Clicks the snooze button and returns the first answer shown to the person. */
  async function click(options: Parameters<typeof bot.click>[1]) {
    await bot.click(SNOOZE_NUDGE_ACTION, {
      value: `${teamId}:siloed_roles`,
      messageBlocks: message().blocks,
      ...options,
    });
    await bot.slack.waitFor(() => bot.slack.responses.length >= 1);
    return String(bot.slack.responses[0]?.body.text);
  }

  it("lets the team's creator and a workspace admin snooze too", async () => {
    for (const actor of [CREATOR, ADA]) {
      bot.slack.reset();
      expect(await click({ actor, channelId: "CTEAM" })).toContain("No siloed-roles nudges");
      await bot.slack.waitFor(() => bot.slack.responses.length >= 2); // and the nudge is updated
    }
    expect((await snoozes()).map((s) => s.snoozed_by)).toEqual([ADA.userId]);
  });

  it("refuses someone who does not answer for the team, says who may, and stores nothing", async () => {
    const text = await click({ actor: CAROL, channelId: "CTEAM" });
    expect(text).toBe(
      ":no_entry: Only the team's respondents, <@UCREATOR> who set it up, and workspace admins and owners can snooze *&lt;!channel&gt; models*'s nudges, so nothing was snoozed. Ask one of them, or mute the channel in Slack if the nudges are only too many for you.",
    );
    expect(await snoozes()).toEqual([]);
    expect(bot.slack.responses).toHaveLength(1); // the nudge keeps its button
  });

  it("refuses a click from another channel's message, naming the team's channel, and stores nothing", async () => {
    const text = await click({ channelId: "COTHER" });
    expect(text).toContain("This button belongs to a nudge in <#CTEAM>, so nothing was snoozed here.");
    expect(await snoozes()).toEqual([]);
  });

  it("ignores a click from outside any channel message (a view, where no nudge ever is)", async () => {
    const res = await bot.click(SNOOZE_NUDGE_ACTION, { value: `${teamId}:siloed_roles`, container: "view" });
    expect(res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await snoozes()).toEqual([]);
  });

  it("refuses a team of another workspace and stores nothing", async () => {
    await bot.click(SNOOZE_NUDGE_ACTION, {
      actor: STRANGER,
      value: `${teamId}:siloed_roles`,
      channelId: "CTEAM",
    });
    await bot.slack.waitFor(() => bot.slack.responses.length >= 1);
    expect(await snoozes()).toEqual([]);
    expect(bot.slack.responses.map((r) => r.body.text)).toEqual([expect.stringContaining(NOT_OUR_WORKSPACE)]);
  });
});
