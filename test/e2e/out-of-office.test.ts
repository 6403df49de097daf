// Out of office as a new user would try it: a respondent with a :palm_tree: status gets no reminder and shows
// as away in the digest; an expired status says nothing; a round everyone was away for is no missed check-in.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { awayRule, DEFAULT_AWAY_STATUSES, isAway } from "../../src/domain/away.js";
import { orgDigestData } from "../../src/domain/org-digest.js";
import { orgDigestMessage } from "../../src/slack/views/org-digest.js";
import { useBot } from "../support/fixture.js";
import { visibleText } from "../support/messages.js";
import { ALICE, BOB } from "../support/payloads.js";
import { CAROL } from "../support/people.js";
import { closedRound, SEED_LEVEL_1 } from "../support/rounds.js";
import { deliveryRow, kinds, posts, tickAt } from "../support/scheduled.js";
import { answer, seedTeam } from "../support/seed.js";

const bot = useBot({ clock: () => new Date("2026-12-03T12:00:00Z") });
const unix = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

describe("Out of office", () => {
  it("reminds nobody on holiday by Slack status, and the digest shows them as away", async () => {
    const { slack } = bot;
    const deps = bot.bot.deps;
    const id = await seedTeam(bot.db, {
      channelId: "CHOLS",
      name: "Holidays",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: [ALICE.userId, BOB.userId, CAROL.userId],
      schedule: { timeZone: "UTC" },
    });
    // Bob is on holiday; Carol's "out of office" ended yesterday, so she is reminded.
    const statuses = () => {
      slack.users.set(BOB.userId, {
        id: BOB.userId,
        profile: { status_emoji: ":palm_tree:", status_text: "" },
      });
      slack.users.set(CAROL.userId, {
        id: CAROL.userId,
        profile: {
          status_emoji: "",
          status_text: "Out of office",
          status_expiration: unix("2026-12-02T18:00:00Z"),
        },
      });
      slack.users.set(ALICE.userId, { id: ALICE.userId });
    };
    statuses();
    await tickAt(deps, "2026-11-30T10:05:00Z"); // Monday's prompt
    await answer(bot.db, { mlTeamId: id, period: "2026-11-30", userId: ALICE.userId, met: SEED_LEVEL_1 });

    slack.reset(); // the fake forgets its people too
    statuses();
    await tickAt(deps, "2026-12-03T10:05:00Z"); // Thursday's reminders
    expect(posts(slack).map((c) => c.args.channel)).toEqual([CAROL.userId]);
    expect(
      slack
        .callsTo("users.info")
        .map((c) => c.args.user)
        .sort(),
    ).toEqual([BOB.userId, CAROL.userId]);
    const bobs = await deliveryRow(bot.db, `reminder:${id}:2026-11-30:${BOB.userId}`);
    expect(bobs).toMatchObject({ status: "skipped", error: "away: Slack status :palm_tree:" });

    // A later tick the same day neither asks Slack again nor reminds Bob.
    slack.reset();
    await tickAt(deps, "2026-12-03T10:10:00Z");
    expect(posts(slack)).toEqual([]);
    expect(slack.callsTo("users.info")).toEqual([]);

    // Monday's digest: 1 of 3 answered, Bob away; Carol simply did not answer.
    slack.reset();
    await tickAt(deps, "2026-12-07T09:30:00Z");
    const digest = posts(slack, "CHOLS").find((c) => visibleText(c.args.blocks).includes("MLOps digest"));
    expect(visibleText(digest?.args.blocks)).toContain(
      "*Answered:* 1 of 3 respondents — 1 × role not given · :palm_tree: 1 away (Slack status), not reminded",
    );
  });

  it("does not call a round everyone was away for a missed check-in", async () => {
    const { slack } = bot;
    const deps = bot.bot.deps;
    await seedTeam(bot.db, {
      channelId: "CAWAY",
      name: "All away",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: ["UAWAY1", "UAWAY2"],
      schedule: { timeZone: "UTC" },
    });
    const away = () => {
      slack.users.set("UAWAY1", { id: "UAWAY1", profile: { status_emoji: ":airplane:", status_text: "" } });
      slack.users.set("UAWAY2", { id: "UAWAY2", profile: { status_emoji: "", status_text: "Sick today" } });
    };
    away();
    await tickAt(deps, "2026-11-30T10:05:00Z");
    slack.reset();
    away();
    await tickAt(deps, "2026-12-03T10:05:00Z");
    expect(posts(slack)).toEqual([]);

    slack.reset();
    await tickAt(deps, "2026-12-07T09:30:00Z");
    // The digest, and no missed-check-in nudge.
    expect(kinds(slack, "CAWAY")).toEqual(["team_digest"]);
    const digest = visibleText(posts(slack, "CAWAY")[0]?.args.blocks);
    expect(digest).toContain(
      "*Everyone was away in the round of Mon 30 Nov* (by their Slack status), so it does not count as a missed check-in.",
    );
    expect(digest).not.toContain("Nobody answered");

    // Nor does the org digest list it as missed.
    const round = closedRound("2026-11-30", null, { away: 2, closedAt: new Date("2026-12-07T00:00:00Z") });
    const data = orgDigestData(
      [{ id: 1, name: "All away", channelId: "CAWAY", history: [round] }],
      new Date("2026-12-06T00:00:00Z"),
    );
    expect(data.missed).toEqual([]);
    expect(visibleText(orgDigestMessage({ week: "2026-12-07", data }))).toContain(
      "*Missed their check-in:* none.",
    );
  });
});

describe("which statuses mean away", () => {
  const rule = awayRule([...DEFAULT_AWAY_STATUSES]);
  const now = new Date("2026-12-03T12:00:00Z");
  const status = (emoji: string, text: string, expiration = 0) => ({ emoji, text, expiration });

  it.each([
    [":palm_tree:", ""],
    [":face_with_thermometer:", "feeling rough"],
    ["", "On vacation until the 14th"],
    ["", "OOO"],
    ["", "Bank holiday"],
  ])("%s %s is away", (emoji, text) => {
    expect(isAway(status(emoji, text), rule, now)).toBe(true);
  });

  it.each([
    ["", ""],
    [":coffee:", "In a meeting"],
    ["", "cooool"],
  ])("%s %s is not away", (emoji, text) => {
    expect(isAway(status(emoji, text), rule, now)).toBe(false);
  });

  it("ignores an expired status", () => {
    expect(isAway(status(":palm_tree:", "", unix("2026-12-03T11:59:59Z")), rule, now)).toBe(false);
    expect(isAway(status(":palm_tree:", "", unix("2026-12-03T12:00:01Z")), rule, now)).toBe(true);
  });

  it("is configurable with AWAY_STATUSES", () => {
    const config = loadConfig(
      { SLACK_BOT_TOKEN: "xoxb-1", AWAY_STATUSES: ":baby_bottle:, parental leave" },
      "tick",
    );
    const custom = awayRule(config.awayStatuses);
    expect(isAway(status(":baby_bottle:", ""), custom, now)).toBe(true);
    expect(isAway(status("", "On parental leave"), custom, now)).toBe(true);
    expect(isAway(status(":palm_tree:", ""), custom, now)).toBe(false);
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" }, "tick").awayStatuses).toEqual([
      ...DEFAULT_AWAY_STATUSES,
    ]);
  });
});
