// The weekly rhythm as a new user would try it: the real Bolt app over HTTP, ticks at chosen instants.
import { describe, expect, it } from "vitest";
import { CHECKIN_CALLBACK, OPEN_CHECKIN_ACTION } from "../../src/slack/ids.js";
import { useBot } from "../support/fixture.js";
import { replyOf } from "../support/harness.js";
import { blockIds, visibleText } from "../support/messages.js";
import { ALICE, BOB } from "../support/payloads.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { kinds, posts, tickAt } from "../support/scheduled.js";
import { answer, seedTeam } from "../support/seed.js";

const bot = useBot();

describe("Done means", () => {
  it("prompts once, reminds the one who did not answer, then digests and nudges once", async () => {
    const { slack } = bot;
    const deps = bot.bot.deps;
    // A Berlin team with two respondents, set up on Wednesday 18 March 2026.
    const id = await seedTeam(bot.db, {
      channelId: "CTEAM",
      name: "Fraud models",
      createdAt: "2026-03-18T12:00:00Z",
      respondents: [ALICE.userId, BOB.userId],
      roles: { [BOB.userId]: "data_scientist" },
      schedule: { timeZone: "Europe/Berlin" },
    });

    // Next Monday 10:30 local (CET, +01), three ticks at once: one prompt.
    await Promise.all([1, 2, 3].map(() => tickAt(deps, "2026-03-23T09:30:00Z")));
    expect(kinds(slack)).toEqual(["prompt"]);
    const [prompt] = posts(slack, "CTEAM");
    expect(prompt?.args.text).toContain("Fraud models");

    // Bob answers through its button (the check-in modal opens; his answer is stored as the modal would).
    const button = ((prompt?.args.blocks as { elements?: { action_id: string; value: string }[] }[]) ?? [])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === OPEN_CHECKIN_ACTION);
    expect(button?.value).toBe(String(id));
    const click = await bot.click(OPEN_CHECKIN_ACTION, {
      actor: BOB,
      value: button?.value,
      channelId: "CTEAM",
    });
    expect(click.status).toBe(200);
    await slack.waitFor(() => slack.callsTo("views.open").length > 0);
    expect(
      slack.callsTo("views.open").map((c) => (c.args.view as { callback_id: string }).callback_id),
    ).toEqual([CHECKIN_CALLBACK]);
    await answer(bot.db, { mlTeamId: id, period: "2026-03-23", userId: BOB.userId, met: SEED_LEVEL_1 });

    // Thursday's tick reminds only Alice, by direct message.
    slack.reset();
    await tickAt(deps, "2026-03-26T09:05:00Z");
    expect(kinds(slack)).toEqual(["reminder"]);
    expect(posts(slack)[0]?.args.channel).toBe(ALICE.userId);

    // Alice sends the weekly digest of all teams to #ml-leads.
    slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Europe/Berlin" });
    const reply = await replyOf(await bot.command("digest", { actor: ALICE, channelId: "CLEADS" }));
    expect(reply.response_type).toBe("ephemeral");

    // The following Monday 09:30 local (CEST, +02 since the 29th): one digest, two nudges, one org digest.
    slack.reset();
    await tickAt(deps, "2026-03-30T07:30:00Z");
    expect(kinds(slack, "CTEAM")).toEqual(["team_digest", "nudge:siloed_roles", "nudge:manual_releases"]);
    expect(blockIds(posts(slack, "CTEAM")[0]?.args ?? {})).toContain("level:1");
    expect(visibleText(posts(slack, "CTEAM")[0]?.args.blocks)).toContain(
      "1 of 2 respondents — 1 × Data scientist",
    );
    expect(kinds(slack, "CLEADS")).toEqual(["org_digest"]);
    expect(posts(slack)).toHaveLength(4);

    // Running that tick again posts nothing.
    slack.reset();
    await tickAt(deps, "2026-03-30T07:30:00Z");
    expect(posts(slack)).toEqual([]);
  });
});
