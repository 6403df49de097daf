import { beforeEach, describe, expect, it } from "vitest";
import { SNOOZE_NUDGE_ACTION } from "../../../../src/slack/ids.js";
import { nudgeMessage } from "../../../../src/slack/views/nudge.js";
import { useBot } from "../../../support/fixture.js";
import { visibleText } from "../../../support/messages.js";
import { ALICE } from "../../../support/payloads.js";
import { STRANGER } from "../../../support/people.js";
import { seedTeam } from "../../../support/seed.js";

const NOW = new Date("2026-03-25T12:00:00Z");
const bot = useBot({ clock: () => NOW, resetBetweenTests: true });
const TEAM = { channelId: "CTEAM", name: "<!channel> models", createdAt: "2026-03-01T00:00:00Z" };
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

  it("refuses a team of another workspace and stores nothing", async () => {
    await bot.click(SNOOZE_NUDGE_ACTION, {
      actor: STRANGER,
      value: `${teamId}:siloed_roles`,
      channelId: "CTEAM",
    });
    await bot.slack.waitFor(() => bot.slack.responses.length >= 1);
    expect(await snoozes()).toEqual([]);
    expect(bot.slack.responses.map((r) => r.body.text)).toEqual([
      expect.stringContaining("couldn't find that ML team"),
    ]);
  });
});
