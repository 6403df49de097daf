import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.js";
import { createTestDatabase } from "../support/database.js";
import {
  blockIds,
  checkIn,
  nextNotice,
  noticeCount,
  openModal,
  setUpTeam,
  statusOf,
  submitModal,
  type Where,
} from "../support/flows.js";
import { type BotUnderTest, replyOf, startBotUnderTest } from "../support/harness.js";
import { checkinValues, inputBlock, lastView, prefilled } from "../support/modal-state.js";
import type { Actor } from "../support/payloads.js";
import { LEVEL_1_CHECKED } from "../support/seed-levels.js";

const ALICE: Actor = { teamId: "T0", userId: "UALICE" };
const BOB: Actor = { teamId: "T0", userId: "UBOB" };
const CAROL: Actor = { teamId: "T0", userId: "UCAROL" };
const DAN: Actor = { teamId: "T0", userId: "UDAN" };
const MALLORY: Actor = { teamId: "T1OTHER", userId: "UMALLORY" };

let now = new Date("2026-11-25T12:00:00Z");
let database: DatabaseHandle;
let bot: BotUnderTest;
let channelCount = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  bot = await startBotUnderTest(database, { clock: () => now });
});
afterAll(async () => {
  await bot?.stop();
  await database?.close();
});
beforeEach(() => {
  now = new Date("2026-11-25T12:00:00Z");
});

/** A fresh channel with a team whose respondents are Alice and Bob. */
async function newTeam(name = "Model Ops"): Promise<Where> {
  channelCount += 1;
  const where = { actor: ALICE, channelId: `CCHECK${channelCount}`, channelName: `ml-${channelCount}` };
  await setUpTeam(bot, where, { name, respondents: [ALICE.userId, BOB.userId], timeZone: "UTC" });
  return where;
}

const as = (where: Where, actor: Actor): Where => ({ ...where, actor });
const LEVEL_0 = { people: "siloed", release: "manual_handoff", checked: [] };
const LEVEL_1 = { people: "siloed", release: "scoring_script_versioned", checked: LEVEL_1_CHECKED };

async function answerCount(): Promise<number> {
  const row = await database.db
    .selectFrom("answers")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("the check-in modal", () => {
  it("asks the two ladders as single choices and the other criteria as checkboxes, with rubric ids as values", async () => {
    const where = await newTeam();
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

describe("answering", () => {
  it("a re-submission in the same round replaces the earlier answer, and the modal pre-fills it", async () => {
    const where = await newTeam();
    await checkIn(bot, where, { ...LEVEL_1, role: "ml_engineer", note: "Builds are automated since May." });
    expect(blockIds(await statusOf(bot, where))).toContain("level:1");

    const again = await openModal(bot, "checkin", where);
    expect(prefilled(again)).toEqual({
      ...LEVEL_1,
      checked: [...LEVEL_1_CHECKED].sort(orderIn(again)),
      role: "ml_engineer",
      note: "Builds are automated since May.",
    });
    expect(JSON.stringify(again.blocks[0])).toContain("You already answered this round");

    const before = noticeCount(bot);
    expect(await submitModal(bot, again, checkinValues(again, LEVEL_0), ALICE)).toBeNull();
    expect(await nextNotice(bot, before)).toContain(
      "is at *Level 0 — No MLOps*; next: Application builds run automatically",
    );
    const reply = await statusOf(bot, where);
    expect(blockIds(reply)).toContain("level:0");
    expect(reply.blocks?.[0]?.text?.text).toContain("1 of 2 respondents answered");
  });

  it("pre-fills last round's answer in a new round, without last round's note", async () => {
    const where = await newTeam();
    await checkIn(bot, where, { ...LEVEL_1, note: "old news" });
    now = new Date("2026-12-02T12:00:00Z");
    const view = await openModal(bot, "checkin", where);
    expect(prefilled(view)).toMatchObject({
      people: "siloed",
      release: "scoring_script_versioned",
      note: undefined,
    });
    expect(JSON.stringify(view.blocks[0])).toContain("Your last answers are filled in");
    expect(JSON.stringify(view.blocks[0])).toContain("round of Mon 30 Nov");
  });

  it("counts a majority of three (2–1) as met but shows it as disputed", async () => {
    const where = await newTeam("Three of us");
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
    const reply = await statusOf(bot, where);
    expect(blockIds(reply)).toContain("level:1");
    expect(blockIds(reply)).toContain("next:ds_de_collaboration");
    const disputed = reply.blocks?.find((b) => b.block_id === "disputed")?.text?.text;
    expect(disputed).toContain("Application builds run automatically (2 of 3 say it is in place)");
    expect(reply.blocks?.[0]?.text?.text).toContain("3 of 3 respondents answered");
  });

  it("counts a 1–1 split as not met and disputed", async () => {
    const where = await newTeam();
    await checkIn(bot, where, LEVEL_1);
    await checkIn(bot, as(where, BOB), {
      ...LEVEL_1,
      checked: LEVEL_1_CHECKED.filter((c) => c !== "automated_data_pipeline"),
    });
    const reply = await statusOf(bot, where);
    expect(blockIds(reply)).toContain("level:0");
    expect(blockIds(reply)).toContain("next:automated_data_pipeline");
    const disputed = reply.blocks?.find((b) => b.block_id === "disputed")?.text?.text;
    expect(disputed).toContain("A data pipeline gathers data automatically (1 of 2 say it is in place)");
  });

  it("counts the answer of someone who is not a respondent, and adds them as one", async () => {
    const where = await newTeam();
    await checkIn(bot, as(where, DAN), LEVEL_1);
    const reply = await statusOf(bot, where);
    expect(blockIds(reply)).toContain("level:1");
    expect(reply.blocks?.[0]?.text?.text).toContain("1 of 3 respondents answered");
    const respondents = await database.db
      .selectFrom("team_respondents")
      .select("user_id")
      .where("user_id", "=", DAN.userId)
      .execute();
    expect(respondents).toHaveLength(1);
  });

  it("remembers a person's role for their next check-in in any team of the workspace", async () => {
    const first = await newTeam();
    await checkIn(bot, as(first, BOB), { ...LEVEL_0, role: "data_engineer" });
    const second = await newTeam();
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
    const where = await newTeam();
    const view = await openModal(bot, "checkin", where);
    const values = checkinValues(view, LEVEL_1);
    forge(values, forged);
    const before = await answerCount();
    const reply = await submitModal(bot, view, values, ALICE);
    expect(reply).toMatchObject({ response_action: "errors", errors: { [blockId]: expect.any(String) } });
    expect(Object.keys((reply as { errors: object }).errors)).toEqual([blockId]);
    expect(await answerCount()).toBe(before);
  });

  it("a missing ladder answer asks for one", async () => {
    const where = await newTeam();
    const view = await openModal(bot, "checkin", where);
    const values = checkinValues(view, LEVEL_1);
    delete values["ladder:people"];
    expect(await submitModal(bot, view, values, ALICE)).toEqual({
      response_action: "errors",
      errors: { "ladder:people": "Please choose one answer." },
    });
  });

  it("a submission from another workspace naming this workspace's team stores nothing", async () => {
    const where = await newTeam();
    const view = await openModal(bot, "checkin", where);
    const before = await answerCount();
    const reply = await submitModal(bot, view, checkinValues(view, LEVEL_1), MALLORY);
    expect(reply).toMatchObject({
      response_action: "errors",
      errors: { "ladder:people": expect.stringContaining("couldn't find") },
    });
    expect(await answerCount()).toBe(before);
  });
});

describe("the open_checkin button", () => {
  it("opens the check-in of the team named by its value, wherever it is clicked", async () => {
    const where = await newTeam("Buttoned");
    const teamId = (
      await database.db
        .selectFrom("ml_teams")
        .select("id")
        .where("channel_id", "=", where.channelId)
        .executeTakeFirstOrThrow()
    ).id;
    const res = await bot.click("open_checkin", {
      actor: BOB,
      value: String(teamId),
      channelId: "CELSEWHERE",
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(lastView(bot.slack).private_metadata).toContain(`"mlTeamId":${teamId}`));
    expect(JSON.stringify(lastView(bot.slack).blocks[0])).toContain("Buttoned");
  });

  it("falls back to the team of the message's channel when it carries no value", async () => {
    const where = await newTeam("Fallback");
    const before = bot.slack.callsTo("views.open").length;
    await bot.click("open_checkin", { actor: BOB, channelId: where.channelId });
    await vi.waitFor(() => expect(bot.slack.callsTo("views.open").length).toBeGreaterThan(before));
    expect(JSON.stringify(lastView(bot.slack).blocks[0])).toContain("Fallback");
  });

  it("from another workspace, says the team cannot be found and opens nothing", async () => {
    const where = await newTeam();
    const teamId = (
      await database.db
        .selectFrom("ml_teams")
        .select("id")
        .where("channel_id", "=", where.channelId)
        .executeTakeFirstOrThrow()
    ).id;
    const opened = bot.slack.callsTo("views.open").length;
    const responded = bot.slack.responses.length;
    await bot.click("open_checkin", { actor: MALLORY, value: String(teamId) });
    await vi.waitFor(() => expect(bot.slack.responses.length).toBeGreaterThan(responded));
    expect(String(bot.slack.responses.at(-1)?.body.text)).toContain("I couldn't find that ML team");
    expect(bot.slack.callsTo("views.open")).toHaveLength(opened);
  });
});

describe("the confirmation", () => {
  it("falls back to a direct message when the bot cannot post in the team's channel", async () => {
    const where = await newTeam();
    const restore = bot.slack.fail("chat.postEphemeral", "not_in_channel");
    try {
      const text = await checkIn(bot, as(where, BOB), LEVEL_0);
      expect(text).toContain("Thanks!");
      expect(bot.slack.callsTo("chat.postMessage").at(-1)?.args.channel).toBe(BOB.userId);
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
