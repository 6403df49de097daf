import { beforeEach, describe, expect, it, vi } from "vitest";
import { useBot } from "../../../support/fixture.js";
import {
  askStatus,
  checkIn,
  newTeam,
  nextNotice,
  noticeCount,
  openModal,
  setUpTeam,
  submitModal,
  type Where,
} from "../../../support/flows.js";
import { FORM } from "../../../support/harness.js";
import { blockIds, visibleText } from "../../../support/messages.js";
import { checkinValues, type lastView, prefilled } from "../../../support/modal-state.js";
import { type Actor, ALICE, BOB, viewSubmission } from "../../../support/payloads.js";
import { joinChannel, NOT_OUR_WORKSPACE } from "../../../support/people.js";
import { answerCount } from "../../../support/rows.js";
import { LEVEL_1_CHECKED } from "../../../support/seed-levels.js";

const CAROL: Actor = { teamId: "T0", userId: "UCAROL" };
const DAN: Actor = { teamId: "T0", userId: "UDAN" };
const MALLORY: Actor = { teamId: "T1OTHER", userId: "UMALLORY" };

let now = new Date("2026-11-25T12:00:00Z");
const bot = useBot({ clock: () => now });
const teamNamed = (name?: string) => newTeam(bot, name, "check");

beforeEach(() => {
  now = new Date("2026-11-25T12:00:00Z");
});

const as = (where: Where, actor: Actor): Where => ({ ...where, actor });
const LEVEL_0 = { people: "siloed", release: "manual_handoff", checked: [] };
const LEVEL_1 = { people: "siloed", release: "scoring_script_versioned", checked: LEVEL_1_CHECKED };

describe("answering", () => {
  it("a re-submission in the same round replaces the earlier answer, and the modal pre-fills it", async () => {
    const where = await teamNamed();
    await checkIn(bot, where, { ...LEVEL_1, role: "ml_engineer", note: "Builds are automated since May." });
    expect(blockIds(await askStatus(bot, where))).toContain("level:1");

    const again = await openModal(bot, "checkin", where);
    expect(prefilled(again)).toEqual({
      ...LEVEL_1,
      checked: [...LEVEL_1_CHECKED].sort(orderIn(again)),
      role: "ml_engineer",
      note: "Builds are automated since May.",
    });
    expect(visibleText(again.blocks[0])).toContain("You already answered this round");

    const before = noticeCount(bot);
    expect(await submitModal(bot, again, checkinValues(again, LEVEL_0), ALICE)).toBeNull();
    expect(await nextNotice(bot, before)).toContain(
      "is at *Level 0 — No MLOps*; next: Application builds run automatically",
    );
    const reply = await askStatus(bot, where);
    expect(blockIds(reply)).toContain("level:0");
    expect(reply.blocks?.[0]?.text?.text).toContain("1 of 2 respondents answered");
  });

  it("pre-fills last round's answer in a new round, without last round's note", async () => {
    const where = await teamNamed();
    await checkIn(bot, where, { ...LEVEL_1, note: "old news" });
    now = new Date("2026-12-02T12:00:00Z");
    const view = await openModal(bot, "checkin", where);
    expect(prefilled(view)).toMatchObject({
      people: "siloed",
      release: "scoring_script_versioned",
      note: undefined,
    });
    expect(visibleText(view.blocks[0])).toContain("Your last answers are filled in");
    expect(visibleText(view.blocks[0])).toContain("round of Mon 30 Nov");
  });

  it("counts a majority of three (2–1) as met but shows it as disputed", async () => {
    const where = await teamNamed("Three of us");
    await setUpTeam(bot, where, {
      name: "Three of us",
      respondents: [ALICE.userId, BOB.userId, CAROL.userId],
    });
    await checkIn(bot, where, LEVEL_1);
    await checkIn(bot, as(where, BOB), LEVEL_1);
    await checkIn(bot, as(where, CAROL), {
      ...LEVEL_1,
      checked: LEVEL_1_CHECKED.filter((c) => c !== "automated_builds"),
    });
    const reply = await askStatus(bot, where);
    expect(blockIds(reply)).toContain("level:1");
    expect(blockIds(reply)).toContain("next:ds_de_collaboration");
    const disputed = reply.blocks?.find((b) => b.block_id === "disputed")?.text?.text;
    expect(disputed).toContain("Application builds run automatically (2 of 3 say it is in place)");
    expect(reply.blocks?.[0]?.text?.text).toContain("3 of 3 respondents answered");
  });

  it("counts a 1–1 split as not met and disputed", async () => {
    const where = await teamNamed();
    await checkIn(bot, where, LEVEL_1);
    await checkIn(bot, as(where, BOB), {
      ...LEVEL_1,
      checked: LEVEL_1_CHECKED.filter((c) => c !== "automated_data_pipeline"),
    });
    const reply = await askStatus(bot, where);
    expect(blockIds(reply)).toContain("level:0");
    expect(blockIds(reply)).toContain("next:automated_data_pipeline");
    const disputed = reply.blocks?.find((b) => b.block_id === "disputed")?.text?.text;
    expect(disputed).toContain("A data pipeline gathers data automatically (1 of 2 says it is in place)");
  });

  it("counts the answer of a member of the team's channel who is not a respondent, and adds them as one", async () => {
    const where = await teamNamed();
    joinChannel(bot.slack, where.channelId, DAN.userId);
    await checkIn(bot, as(where, DAN), LEVEL_1);
    const reply = await askStatus(bot, where);
    expect(blockIds(reply)).toContain("level:1");
    expect(reply.blocks?.[0]?.text?.text).toContain("1 of 3 respondents answered");
    const respondents = await bot.db
      .selectFrom("team_respondents")
      .select("user_id")
      .where("user_id", "=", DAN.userId)
      .execute();
    expect(respondents).toHaveLength(1);
  });

  it("refuses the answer of someone who left the team's channel after opening the form, and stores nothing", async () => {
    const where = await teamNamed();
    joinChannel(bot.slack, where.channelId, CAROL.userId);
    const view = await openModal(bot, "checkin", as(where, CAROL));
    bot.slack.channels.set(where.channelId, { id: where.channelId, name: "left", members: [] });
    const before = await answerCount(bot.db);
    expect(await submitModal(bot, view, checkinValues(view, LEVEL_1), CAROL)).toEqual({
      response_action: "errors",
      errors: {
        "ladder:people":
          "Only this team's respondents and the members of its channel can answer for it. Join the channel, or ask whoever set up the team, or a workspace admin, to add you with /mlops setup.",
      },
    });
    expect(await answerCount(bot.db)).toBe(before);
  });

  it("remembers a person's role for their next check-in in any team of the workspace", async () => {
    const first = await teamNamed();
    await checkIn(bot, as(first, BOB), { ...LEVEL_0, role: "data_engineer" });
    const second = await teamNamed();
    const view = await openModal(bot, "checkin", as(second, BOB));
    expect(prefilled(view).role).toBe("data_engineer");
  });
});

describe("forged or malformed submissions change nothing", () => {
  it.each([
    ["a ladder value the modal never offered", "ladder:release", { release: "cicd_pipeline_v2" }],
    [
      "a criterion ticked in another dimension's group",
      "criteria:application",
      { application: "ab_testing" },
    ],
    ["a ladder rung sent as a checkbox", "criteria:model_release", { model_release: "cicd_model_release" }],
    ["an unknown role", "role", { role: "ceo" }],
  ])("%s → an error on that field", async (_what, blockId, forged) => {
    const where = await teamNamed();
    const view = await openModal(bot, "checkin", where);
    const values = checkinValues(view, LEVEL_1);
    forge(values, forged);
    const before = await answerCount(bot.db);
    const reply = await submitModal(bot, view, values, ALICE);
    expect(reply).toMatchObject({ response_action: "errors", errors: { [blockId]: expect.any(String) } });
    expect(Object.keys((reply as { errors: object }).errors)).toEqual([blockId]);
    expect(await answerCount(bot.db)).toBe(before);
  });

  it("a missing ladder answer asks for one", async () => {
    const where = await teamNamed();
    const view = await openModal(bot, "checkin", where);
    const values = checkinValues(view, LEVEL_1);
    delete values["ladder:people"];
    expect(await submitModal(bot, view, values, ALICE)).toEqual({
      response_action: "errors",
      errors: { "ladder:people": "Please choose one answer." },
    });
  });

  it("a submission from another workspace naming this workspace's team stores nothing", async () => {
    const where = await teamNamed();
    const view = await openModal(bot, "checkin", where);
    const before = await answerCount(bot.db);
    const reply = await submitModal(bot, view, checkinValues(view, LEVEL_1), MALLORY);
    expect(reply).toMatchObject({
      response_action: "errors",
      errors: { "ladder:people": expect.stringContaining(NOT_OUR_WORKSPACE) },
    });
    expect(await answerCount(bot.db)).toBe(before);
  });
});

describe("the confirmation", () => {
  it("falls back to a direct message when the bot cannot post in the team's channel", async () => {
    const where = await teamNamed();
    const restore = bot.slack.fail("chat.postEphemeral", "not_in_channel");
    try {
      const text = await checkIn(bot, as(where, BOB), LEVEL_0);
      expect(text).toContain("Thanks!");
      // The refused postEphemeral is the notice checkIn waited for; the direct message follows it.
      await vi.waitFor(() =>
        expect(bot.slack.callsTo("chat.postMessage").at(-1)?.args.channel).toBe(BOB.userId),
      );
    } finally {
      restore();
    }
  });
});

function forge(values: ReturnType<typeof checkinValues>, forged: Record<string, string>): void {
  const option = (value: string) => ({ text: { type: "plain_text" as const, text: value }, value });
  for (const [key, value] of Object.entries(forged)) {
    if (key === "release")
      values["ladder:release"] = { value: { type: "radio_buttons", selected_option: option(value) } };
    else if (key === "role")
      values.role = { value: { type: "static_select", selected_option: option(value) } };
    else values[`criteria:${key}`] = { value: { type: "checkboxes", selected_options: [option(value)] } };
  }
}

function orderIn(view: ReturnType<typeof lastView>) {
  const order = view.blocks.flatMap((b) => (b.element?.options ?? []).map((o) => o.value));
  return (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
}

describe("Slack Connect: a person of another organisation in the team's shared channel", () => {
  const EXTERNAL: Actor = { teamId: "T9PARTNER", userId: "UPARTNER", enterpriseId: "E9PARTNER" };

  it("answers the check-in like any channel member, in the workspace Slack says the app is installed in", async () => {
    const where = await teamNamed("Shared Models");
    joinChannel(bot.slack, where.channelId, EXTERNAL.userId);
    bot.slack.users.set(EXTERNAL.userId, { id: EXTERNAL.userId, tz: "UTC" });
    const view = await openModal(bot, "checkin", where);
    const before = await answerCount(bot.db);
    // As Slack sends it from a shared channel: team, user.team_id and enterprise are theirs, the
    // installation (view.app_installed_team_id) is ours.
    const submission = viewSubmission(view.callback_id ?? "", checkinValues(view, LEVEL_1), {
      actor: EXTERNAL,
      privateMetadata: view.private_metadata ?? "",
      blocks: view.blocks.map((b) => ({ type: b.type, block_id: b.block_id })),
    });
    submission.view.app_installed_team_id = ALICE.teamId;
    const res = await bot.post(new URLSearchParams({ payload: JSON.stringify(submission) }).toString(), FORM);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(await answerCount(bot.db)).toBe(before + 1);
  });
});
