import { beforeEach, describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { askStatus, checkIn, newTeam } from "../../../support/flows.js";
import type { CommandReply } from "../../../support/harness.js";
import { blockIds, visibleText } from "../../../support/messages.js";
import type { Actor } from "../../../support/payloads.js";
import { NOT_OUR_WORKSPACE } from "../../../support/people.js";
import { LEVEL_1_CHECKED, LEVEL_2_CHECKED, SEED_LEVELS } from "../../../support/seed-levels.js";

const ALICE: Actor = { teamId: "T0", userId: "UALICE" };
const BOB: Actor = { teamId: "T0", userId: "UBOB" };
const MALLORY: Actor = { teamId: "T1OTHER", userId: "UMALLORY" };
const MONDAY_23_NOV = new Date("2026-11-25T12:00:00Z");

let now = MONDAY_23_NOV;
const bot = useBot({ clock: () => now });

beforeEach(() => {
  now = MONDAY_23_NOV;
});

const teamNamed = (name: string) => newTeam(bot, name, "status");

const text = (reply: CommandReply, blockId: string) =>
  reply.blocks?.find((b) => b.block_id === blockId)?.text?.text;

describe("/mlops status", () => {
  it("shows a name with Slack's formatting marks as typed, never bold, italic or struck through", async () => {
    const where = await teamNamed("*Fraud* _models_ ~old~ a_b_c");
    const reply = await askStatus(bot, where);
    const shown = JSON.stringify(reply.blocks);
    // ∗ ＿ ∼ look like the marks but Slack does not format them; a_b_c could not format, and stays.
    expect(shown).toContain("∗Fraud∗ ＿models＿ ∼old∼ a_b_c");
    expect(shown).not.toContain("*Fraud*");
  });

  it("finds a team by its name pasted from a reply, look-alikes and all, as by the name typed", async () => {
    const where = await teamNamed("*Fraud* _models_");
    const elsewhere = { ...where, channelId: "CELSEWHERE" };
    for (const name of [
      "∗Fraud∗ ＿models＿",
      "*fraud* _models_",
      "*Fraud*   _models_",
      "*Fraud*\u00a0_models_",
    ]) {
      const shown = visibleText(await askStatus(bot, elsewhere, name));
      expect(shown).not.toContain("I couldn't find a team");
      expect(shown).toContain("∗Fraud∗ ＿models＿");
      expect(shown).toContain("Nobody has answered the check-in yet");
    }
  });

  it("shows the team, level, round, respondents, progress per level and the next prerequisite with why and what it unlocks", async () => {
    const where = await teamNamed("Pricing");
    await checkIn(bot, where, {
      people: "siloed",
      release: "scoring_script_versioned",
      checked: LEVEL_1_CHECKED,
    });
    const reply = await askStatus(bot, where);
    expect(reply.response_type).toBe("ephemeral");
    expect(blockIds(reply).slice(0, 4)).toEqual(["team", "level:1", "progress", "next:ds_de_collaboration"]);
    expect(text(reply, "team")).toBe(
      `*Pricing* · <#${where.channelId}>\nRound of Mon 23 Nov (the current round) · 1 of 2 respondents answered`,
    );
    expect(text(reply, "level:1")).toContain("*Level 1 — DevOps but no MLOps*");
    expect(text(reply, "progress")).toContain("Level 1 — DevOps but no MLOps: 6 of 6 in place");
    expect(text(reply, "progress")).toContain("Level 2 — Automated Training: 0 of 6 in place");
    const next = text(reply, "next:ds_de_collaboration");
    expect(next).toContain("*Next prerequisite:* Data scientists and data engineers work together directly");
    expect(next).toContain("_Why it matters:_");
    expect(next).toContain("*Level 2 — Automated Training*, which brings: Training is automated");
    expect(reply.blocks?.find((b) => b.type === "actions")?.elements).toEqual([
      expect.objectContaining({ action_id: "open_checkin", value: expect.stringMatching(/^\d+$/) }),
    ]);
  });

  it("shows a team that skipped a lower prerequisite at the low level, with what is already in place above it", async () => {
    const where = await teamNamed("Skipper");
    await checkIn(bot, where, {
      people: "ds_de_collaboration",
      release: "cicd_model_release",
      checked: [...LEVEL_2_CHECKED.filter((c) => c !== "managed_compute"), "ab_testing", "data_traceability"],
    });
    const reply = await askStatus(bot, where);
    expect(blockIds(reply)).toContain("level:1");
    expect(blockIds(reply)).toContain("next:managed_compute");
    const ahead = text(reply, "ahead");
    expect(ahead).toContain("*Already in place above your level:*");
    for (const title of [
      "Data scientists and data engineers work together directly (Level 2)",
      "Model training is automated (Level 2)",
      "Models are released automatically by a CI/CD pipeline (Level 3)",
      "New models are A/B tested as part of deployment (Level 3)",
    ]) {
      expect(ahead).toContain(title);
    }
    expect(ahead).not.toContain("Training compute is managed");
  });

  it("names no next prerequisite at Level 4", async () => {
    const where = await teamNamed("Top");
    const level4 = SEED_LEVELS[4];
    if (!level4) throw new Error("the seed has five levels");
    await checkIn(bot, where, level4.answer);
    const reply = await askStatus(bot, where);
    expect(blockIds(reply)).toContain("level:4");
    expect(blockIds(reply).filter((id) => id.startsWith("next:"))).toEqual([]);
    expect(text(reply, "complete")).toContain("Every practice in the model is in place");
  });

  it("reflects the last round when nobody has answered the current one yet, and says so", async () => {
    const where = await teamNamed("Last week");
    await checkIn(bot, where, { people: "siloed", release: "manual_handoff", checked: [] });
    now = new Date("2026-12-01T08:00:00Z");
    expect(text(await askStatus(bot, where), "team")).toContain(
      "Last round, Mon 23 Nov (nobody has answered the current round yet)",
    );
    now = new Date("2026-12-15T08:00:00Z");
    expect(text(await askStatus(bot, where), "team")).toContain(
      "Round of Mon 23 Nov (the latest round with answers)",
    );
  });

  it("says when nobody has answered yet and offers the check-in", async () => {
    const where = await teamNamed("Quiet");
    const reply = await askStatus(bot, where);
    expect(blockIds(reply)).toEqual(["team", "no-answers", "status:actions"]);
    expect(text(reply, "no-answers")).toContain("Nobody has answered the check-in yet");
  });

  it("explains /mlops setup in a channel without a team", async () => {
    const reply = await askStatus(bot, { actor: ALICE, channelId: "CEMPTY" });
    expect(reply).toEqual({
      response_type: "ephemeral",
      text: expect.stringContaining("There is no ML team set up in <#CEMPTY> yet. Run `/mlops setup` here"),
    });
  });

  it("asks for a team's channel when run in a direct message", async () => {
    const reply = await askStatus(bot, { actor: ALICE, channelId: "DALICE" });
    expect(reply.text).toContain("Run `/mlops status` in an ML team's channel, or name the channel");
  });

  it("answers for a mentioned channel from anywhere", async () => {
    const where = await teamNamed("Mentioned");
    await checkIn(bot, where, { people: "siloed", release: "manual_handoff", checked: [] });
    for (const mention of [`<#${where.channelId}|${where.channelName}>`, `<#${where.channelId}>`]) {
      const reply = await askStatus(bot, { actor: BOB, channelId: "CRANDOM" }, mention);
      expect(text(reply, "team")).toContain("*Mentioned*");
      expect(blockIds(reply)).toContain("level:0");
    }
  });

  it("finds a team by its name when the channel arrives unescaped", async () => {
    const where = await teamNamed("ml-forecasting");
    expect(
      text(await askStatus(bot, { actor: BOB, channelId: "CRANDOM" }, "#ML-Forecasting"), "team"),
    ).toContain(`<#${where.channelId}>`);
  });

  it("says where to run setup when the mentioned channel has no team", async () => {
    const reply = await askStatus(bot, { actor: ALICE, channelId: "CRANDOM" }, "<#CNOPE|nope>");
    expect(reply.text).toContain(
      "There is no ML team set up in <#CNOPE> yet. Run `/mlops setup` in <#CNOPE>",
    );
    expect(reply.text).not.toContain("setup` here");
  });

  it("asks for the channel when several teams share the name given", async () => {
    const first = await teamNamed("Twins");
    const second = await teamNamed("twins");
    const reply = await askStatus(bot, { actor: ALICE, channelId: "CRANDOM" }, "twins");
    expect(reply.text).toBe(
      `More than one team is called “twins” (<#${first.channelId}>, <#${second.channelId}>). Mention the team's channel instead, like #ml-platform.`,
    );
  });

  it("explains how to name a team when the argument matches nothing, escaped", async () => {
    const reply = await askStatus(bot, { actor: ALICE, channelId: "CRANDOM" }, "<!here> nonsense");
    expect(reply.text).toBe(
      "I couldn't find a team for “&lt;!here&gt; nonsense”. Mention the channel like #ml-platform, or run `/mlops teams` to see every team.",
    );
  });

  it("shows nothing of another workspace's team, even when its channel is named", async () => {
    const where = await teamNamed("Secret");
    await checkIn(bot, where, { people: "siloed", release: "manual_handoff", checked: [] });
    const mentioned = await askStatus(
      bot,
      { actor: MALLORY, channelId: "CMALLORY" },
      `<#${where.channelId}|x>`,
    );
    const inChannel = await askStatus(bot, { actor: MALLORY, channelId: where.channelId });
    const byName = await askStatus(bot, { actor: MALLORY, channelId: "CMALLORY" }, "Secret");
    for (const reply of [mentioned, inChannel, byName]) {
      expect(JSON.stringify(reply)).not.toContain("*Secret*");
      expect(reply.blocks).toBeUndefined();
    }
    for (const reply of [mentioned, inChannel, byName]) expect(reply.text).toContain(NOT_OUR_WORKSPACE);
  });

  it("escapes a team named <!channel> everywhere in the message", async () => {
    const where = await teamNamed("<!channel> team");
    await checkIn(bot, where, { people: "siloed", release: "manual_handoff", checked: [] });
    const reply = await askStatus(bot, where);
    expect(JSON.stringify(reply)).not.toContain("<!channel>");
    expect(text(reply, "team")).toContain("*&lt;!channel&gt; team*");
    expect(reply.text).toContain("&lt;!channel&gt; team");
  });
});
