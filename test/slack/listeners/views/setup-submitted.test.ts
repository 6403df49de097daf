import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { freshChannel, openModal, setUpTeam, submitModal } from "../../../support/flows.js";
import { setupValues } from "../../../support/modal-state.js";
import { ALICE, BOB } from "../../../support/payloads.js";
import { introduceTeamMakers, NOT_OUR_WORKSPACE, STRANGER } from "../../../support/people.js";
import { respondentsOf, teamIn } from "../../../support/rows.js";

const bot = useBot({ clock: () => new Date("2026-11-25T12:00:00Z"), setup: introduceTeamMakers });

describe("/mlops setup for a new team", () => {
  it("saves the team and its respondents, and confirms in the channel to the person", async () => {
    const where = freshChannel(ALICE, "setup");
    const text = await setUpTeam(bot, where, {
      name: "Recommendations",
      respondents: [ALICE.userId, BOB.userId, "UCAROL"],
      cadence: "biweekly",
      day: "3",
      time: "09:30",
      timeZone: "america/new_york",
    });
    expect(text).toBe(
      ":white_check_mark: *Recommendations* is set up: check-ins every two weeks on Wednesday at 09:30 (America/New_York) for 3 people. Anyone in the team can run `/mlops checkin` here to answer now.",
    );
    const confirmation = bot.slack.callsTo("chat.postEphemeral").at(-1);
    expect(confirmation?.args).toMatchObject({ channel: where.channelId, user: ALICE.userId });
    const team = await teamIn(bot.db, where.channelId);
    expect(team).toMatchObject({
      team_id: "T0",
      name: "Recommendations",
      cadence: "biweekly",
      checkin_day: 3,
      checkin_time: "09:30",
      time_zone: "America/New_York",
      created_by: ALICE.userId,
    });
    expect(await respondentsOf(bot.db, team?.id ?? 0)).toEqual([ALICE.userId, BOB.userId, "UCAROL"].sort());
  });

  it("refuses a time zone that is not an IANA name, naming an example, and stores nothing", async () => {
    const where = freshChannel(ALICE, "setup");
    const view = await openModal(bot, "setup", where);
    const reply = await submitModal(
      bot,
      view,
      setupValues(view, { name: "X", respondents: [ALICE.userId], timeZone: "Mars/Olympus" }),
      ALICE,
    );
    expect(reply).toEqual({
      response_action: "errors",
      errors: {
        "setup:time_zone":
          "“Mars/Olympus” is not a time zone I know. Enter a region and city, such as America/New_York, Europe/Berlin or Asia/Kolkata, or UTC.",
      },
    });
    expect(await teamIn(bot.db, where.channelId)).toBeUndefined();
  });

  it("refuses the abbreviation est, whose fixed offset is an hour off in a US summer, and stores nothing", async () => {
    const where = freshChannel(ALICE, "setup");
    const view = await openModal(bot, "setup", where);
    const reply = await submitModal(
      bot,
      view,
      setupValues(view, { name: "X", respondents: [ALICE.userId], timeZone: "est" }),
      ALICE,
    );
    expect(reply).toEqual({
      response_action: "errors",
      errors: {
        "setup:time_zone":
          "“est” is not a full time zone name, so I can't tell when your clocks change. Enter a region and city, such as America/New_York, Europe/Berlin or Asia/Kolkata, or UTC.",
      },
    });
    expect(await teamIn(bot.db, where.channelId)).toBeUndefined();
  });

  it("refuses an empty name and no respondents on their fields", async () => {
    const where = freshChannel(ALICE, "setup");
    const view = await openModal(bot, "setup", where);
    const reply = await submitModal(bot, view, setupValues(view, { name: "   ", respondents: [] }), ALICE);
    expect(Object.keys((reply as { errors: object }).errors).sort()).toEqual([
      "setup:name",
      "setup:respondents",
    ]);
    expect(await teamIn(bot.db, where.channelId)).toBeUndefined();
  });

  it("escapes a team name like <!channel> in the confirmation", async () => {
    const text = await setUpTeam(bot, freshChannel(ALICE, "setup"), {
      name: "<!channel> & <@UBOB>",
      respondents: [ALICE.userId],
    });
    expect(text).toContain("*&lt;!channel&gt; &amp; &lt;@UBOB&gt;* is set up");
    expect(text).not.toContain("<!channel>");
  });

  it("confirms by direct message when the bot is not in the channel", async () => {
    const restore = bot.slack.fail("chat.postEphemeral", "channel_not_found");
    try {
      const text = await setUpTeam(bot, freshChannel(ALICE, "setup"), {
        name: "Private",
        respondents: [ALICE.userId],
      });
      expect(text).toContain("*Private* is set up");
      expect(bot.slack.callsTo("chat.postMessage").at(-1)?.args.channel).toBe(ALICE.userId);
    } finally {
      restore();
    }
  });
});

describe("changing an existing team", () => {
  it("refuses a forged submission from anyone else, and changes nothing", async () => {
    const where = freshChannel(ALICE, "setup");
    await setUpTeam(bot, where, { name: "Speech", respondents: [ALICE.userId] });
    const view = await openModal(bot, "setup", where); // Alice's edit modal, replayed by Bob
    const before = await teamIn(bot.db, where.channelId);
    const reply = await submitModal(
      bot,
      view,
      setupValues(view, { name: "Hijacked", respondents: [BOB.userId] }),
      BOB,
    );
    // The form is Alice's: Bob cannot submit it, whether or not he could edit the team.
    expect(reply).toEqual({
      response_action: "errors",
      errors: { "setup:name": expect.stringContaining("This form was not opened by you") },
    });
    expect(await teamIn(bot.db, where.channelId)).toEqual(before);
    expect(await respondentsOf(bot.db, before?.id ?? 0)).toEqual([ALICE.userId]);
  });

  it("refuses a 'new team' submission for a channel that has one meanwhile", async () => {
    const where = freshChannel(ALICE, "setup");
    const stale = await openModal(bot, "setup", where);
    await setUpTeam(bot, where, { name: "First", respondents: [ALICE.userId] });
    const reply = await submitModal(
      bot,
      stale,
      setupValues(stale, { name: "Second", respondents: [ALICE.userId] }),
      ALICE,
    );
    expect(reply).toMatchObject({
      response_action: "errors",
      errors: { "setup:name": expect.stringContaining("changed while the form was open") },
    });
    expect((await teamIn(bot.db, where.channelId))?.name).toBe("First");
  });

  it("refuses forged private_metadata naming a malformed channel", async () => {
    const where = freshChannel(ALICE, "setup");
    const view = await openModal(bot, "setup", where);
    const forged = {
      ...view,
      private_metadata: JSON.stringify({ channelId: "C1>|<!channel", mlTeamId: null }),
    };
    const reply = await submitModal(
      bot,
      forged,
      setupValues(view, { name: "X", respondents: [ALICE.userId] }),
      ALICE,
    );
    expect(reply).toMatchObject({ response_action: "errors" });
    expect(
      await bot.db.selectFrom("ml_teams").select("id").where("channel_id", "like", "%!channel%").execute(),
    ).toEqual([]);
  });
});

describe("a setup form acts only on what it was opened for", () => {
  const refusal = (reply: unknown) => (reply as { errors?: Record<string, string> })?.errors?.["setup:name"];

  it("refuses a submission from another workspace naming this workspace's channel, and creates nothing", async () => {
    const where = freshChannel(ALICE, "setup");
    const view = await openModal(bot, "setup", where);
    const reply = await submitModal(
      bot,
      view,
      setupValues(view, { name: "Takeover", respondents: [STRANGER.userId] }),
      STRANGER,
    );
    expect(refusal(reply)).toContain(NOT_OUR_WORKSPACE);
    expect(await bot.db.selectFrom("ml_teams").select("id").where("name", "=", "Takeover").execute()).toEqual(
      [],
    );
  });

  it("refuses hand-written metadata naming a channel, from any workspace, and creates nothing", async () => {
    const where = freshChannel(ALICE, "setup");
    const view = await openModal(bot, "setup", where);
    for (const actor of [STRANGER, ALICE]) {
      const forged = {
        ...view,
        private_metadata: JSON.stringify({
          channelId: where.channelId,
          mlTeamId: null,
          teamId: actor.teamId,
          userId: actor.userId,
        }),
      };
      const reply = await submitModal(
        bot,
        forged,
        setupValues(view, { name: "Forged", respondents: [actor.userId] }),
        actor,
      );
      expect(refusal(reply)).toContain(
        actor === STRANGER ? NOT_OUR_WORKSPACE : "This form can no longer be saved",
      );
    }
    expect(await teamIn(bot.db, where.channelId)).toBeUndefined();
  });

  it("refuses a form whose sealed channel was changed to another one, and creates nothing there", async () => {
    const opened = freshChannel(ALICE, "setup");
    const other = freshChannel(ALICE, "setup");
    const view = await openModal(bot, "setup", opened);
    const moved = {
      ...view,
      private_metadata: (view.private_metadata ?? "").replace(opened.channelId, other.channelId),
    };
    const reply = await submitModal(
      bot,
      moved,
      setupValues(view, { name: "Moved", respondents: [ALICE.userId] }),
      ALICE,
    );
    expect(refusal(reply)).toContain("This form can no longer be saved");
    expect(await teamIn(bot.db, other.channelId)).toBeUndefined();
    expect(await teamIn(bot.db, opened.channelId)).toBeUndefined();
  });

  it("refuses a form opened by someone else in the same workspace", async () => {
    const where = freshChannel(ALICE, "setup");
    const view = await openModal(bot, "setup", where);
    const reply = await submitModal(
      bot,
      view,
      setupValues(view, { name: "Borrowed", respondents: [BOB.userId] }),
      BOB,
    );
    expect(refusal(reply)).toContain("This form was not opened by you in this workspace");
    expect(await teamIn(bot.db, where.channelId)).toBeUndefined();
  });
});

describe("saving the setup form unchanged", () => {
  /** Opens the team's setup form and saves it exactly as it was shown; returns what was posted meanwhile. */
  async function saveAsShown(where: ReturnType<typeof freshChannel>): Promise<string[]> {
    const view = await openModal(bot, "setup", where);
    const before = bot.slack.calls.length;
    const shown = (id: string) => view.blocks.find((b) => b.block_id === id)?.element;
    const values = setupValues(view, {
      name: shown("setup:name")?.initial_value ?? "",
      respondents:
        (shown("setup:respondents") as { initial_users?: string[] } | undefined)?.initial_users ?? [],
    });
    expect(await submitModal(bot, view, values, where.actor)).toBeNull(); // the modal closes
    await new Promise((resolve) => setTimeout(resolve, 300));
    return bot.slack.calls.slice(before).map((c) => c.method);
  }

  it("changes nothing and posts nothing", async () => {
    const where = freshChannel(ALICE, "unchanged");
    await setUpTeam(bot, where, { name: "Steady", respondents: [ALICE.userId, BOB.userId] });
    const before = await teamIn(bot.db, where.channelId);
    const posted = await saveAsShown(where);
    expect(posted.filter((m) => m.startsWith("chat."))).toEqual([]);
    expect(await teamIn(bot.db, where.channelId)).toEqual(before);
  });

  it("keeps a name stored before names were cleaned, rather than renaming it to its cleaned form", async () => {
    const where = freshChannel(ALICE, "unclean");
    await setUpTeam(bot, where, { name: "Old Name", respondents: [ALICE.userId] });
    // An invisible character the form would strip today: saved before cleaning, or by an older version.
    const stored = "Fraud\u200b Models";
    await bot.db
      .updateTable("ml_teams")
      .set({ name: stored })
      .where("channel_id", "=", where.channelId)
      .execute();
    const posted = await saveAsShown(where);
    expect(posted.filter((m) => m.startsWith("chat."))).toEqual([]);
    expect((await teamIn(bot.db, where.channelId))?.name).toBe(stored);
  });
});
