import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { newTeam, openModal } from "../../../support/flows.js";
import { replyOf } from "../../../support/harness.js";
import { visibleText } from "../../../support/messages.js";
import { inputBlock, prefilled } from "../../../support/modal-state.js";
import { ALICE } from "../../../support/payloads.js";
import { CAROL, introducePeople, joinChannel } from "../../../support/people.js";
import { respondentsOf, teamIdIn, teamIn } from "../../../support/rows.js";

const bot = useBot({ clock: () => new Date("2026-11-25T12:00:00Z"), setup: introducePeople });
const teamNamed = (name?: string) => newTeam(bot, name, "check");

describe("the check-in modal", () => {
  it("asks the two ladders as single choices and the other criteria as checkboxes, with rubric ids as values", async () => {
    const where = await teamNamed();
    const view = await openModal(bot, "checkin", where);
    expect(view.title?.text).toBe("MLOps check-in");
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(inputBlock(view, "ladder:people").element.options?.map((o) => o.value)).toEqual([
      "siloed",
      "ds_de_collaboration",
      "cross_role_integration",
      "all_roles_collaboration",
    ]);
    expect(inputBlock(view, "ladder:release").element.options?.map((o) => o.value)).toEqual([
      "manual_handoff",
      "scoring_script_versioned",
      "tested_scoring_script",
      "cicd_model_release",
    ]);
    const checkboxes = view.blocks.filter((b) => b.block_id?.startsWith("criteria:"));
    expect(checkboxes.map((b) => b.block_id)).toEqual([
      "criteria:model_creation",
      "criteria:model_release",
      "criteria:application",
    ]);
    expect(checkboxes.flatMap((b) => b.element?.options ?? [])).toHaveLength(16);
    expect(checkboxes.every((b) => b.optional === true)).toBe(true);
    expect(inputBlock(view, "role").element.type).toBe("static_select");
    expect(inputBlock(view, "note").element.max_length).toBe(1000);
    // Nothing answered yet: nothing is pre-selected.
    expect(prefilled(view)).toMatchObject({ people: "", release: "", checked: [] });
  });

  it("tells someone in a channel without a team to run /mlops setup there first", async () => {
    const opened = bot.slack.callsTo("views.open").length;
    const reply = await replyOf(await bot.command("checkin", { actor: ALICE, channelId: "CNOTEAM" }));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain(
      "There is no ML team set up in <#CNOTEAM> yet. Run `/mlops setup` here first",
    );
    expect(bot.slack.callsTo("views.open")).toHaveLength(opened);
  });
});

describe("who may answer for a team", () => {
  const mention = (channelId: string) => `checkin <#${channelId}|ml-check>`;
  const elsewhere = { actor: CAROL, channelId: "CRANDOM", channelName: "random" };

  it("refuses someone outside the team who names its channel from elsewhere, saying who can add them", async () => {
    const where = await teamNamed("Fraud Models");
    joinChannel(bot.slack, where.channelId, ALICE.userId);
    const opened = bot.slack.callsTo("views.open").length;
    const reply = await replyOf(await bot.command(mention(where.channelId), elsewhere));
    expect(reply.response_type).toBe("ephemeral");
    expect(visibleText(reply)).toBe(
      `:no_entry: *Fraud Models* is answered for by its respondents and the members of <#${where.channelId}>, and you are neither. Join <#${where.channelId}>, or ask <@${ALICE.userId}>, who set the team up, or a workspace admin to add you as a respondent with \`/mlops setup\` in <#${where.channelId}>.`,
    );
    expect(bot.slack.callsTo("views.open")).toHaveLength(opened);
    expect(await respondentsOf(bot.db, await teamIdIn(bot.db, where.channelId))).not.toContain(CAROL.userId);
    // Not a respondent, so not one who may pause the team either.
    const pause = await replyOf(await bot.command("pause 2", { ...where, actor: CAROL }));
    expect(visibleText(pause)).toContain(":no_entry: Only the team's respondents");
    expect((await teamIn(bot.db, where.channelId))?.paused_until).toBeNull();
  });

  it("opens the form for a member of the team's channel, from anywhere", async () => {
    const where = await teamNamed();
    joinChannel(bot.slack, where.channelId, CAROL.userId);
    const view = await openModal(bot, mention(where.channelId), elsewhere);
    expect(view.title?.text).toBe("MLOps check-in");
  });

  it("says so when Slack will not tell whether the person is in the channel", async () => {
    const where = await teamNamed("Hidden");
    const restore = bot.slack.fail("conversations.members", "channel_not_found");
    try {
      const reply = await replyOf(await bot.command(mention(where.channelId), elsewhere));
      expect(visibleText(reply)).toContain(
        "Slack would not tell me whether you are in it (`channel_not_found`)",
      );
      expect(visibleText(reply)).toContain(`ask <@${ALICE.userId}>, who set the team up`);
    } finally {
      restore();
    }
  });
});
