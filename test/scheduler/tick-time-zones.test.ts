// Scheduled messages land at the team's local times, across daylight-saving changes and half-hour zones:
// one minute before → nothing; at the instant → posted.
import { describe, expect, it } from "vitest";
import { testDeps } from "../support/deps.js";
import { useDatabase, useFakeSlack } from "../support/fixture.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { kinds, tickAt } from "../support/scheduled.js";
import { answer, seedTeam } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const slack = useFakeSlack({ resetBetweenTests: true });

const MINUTE = 60_000;

/** Ticks a minute before `instant` (expecting nothing new) and at it (expecting exactly `expected`). */
async function expectDueAt(instant: string, expected: string[]): Promise<void> {
  const deps = testDeps(database.db, slack);
  slack.reset();
  await tickAt(deps, new Date(Date.parse(instant) - MINUTE));
  expect(kinds(slack), `a minute before ${instant}`).toEqual([]);
  await tickAt(deps, instant);
  expect(kinds(slack).sort(), `at ${instant}`).toEqual([...expected].sort());
}

interface Timeline {
  timeZone: string;
  /** The round's first local date. */
  period: string;
  prompt: string;
  reminder: string;
  digest: string;
  nextPrompt: string;
}

const TIMELINES: Timeline[] = [
  {
    // The round of 23 Mar spans the spring change (29 Mar): Monday 10:00 CET is 09:00Z, the next
    // Monday's 09:00 and 10:00 CEST are 07:00Z and 08:00Z.
    timeZone: "Europe/Berlin",
    period: "2026-03-23",
    prompt: "2026-03-23T09:00:00Z",
    reminder: "2026-03-26T09:00:00Z",
    digest: "2026-03-30T07:00:00Z",
    nextPrompt: "2026-03-30T08:00:00Z",
  },
  {
    // Spring change on 8 Mar: Monday 2 Mar 10:00 PST is 18:00Z, Monday 9 Mar 09:00 PDT is 16:00Z.
    timeZone: "America/Los_Angeles",
    period: "2026-03-02",
    prompt: "2026-03-02T18:00:00Z",
    reminder: "2026-03-05T18:00:00Z",
    digest: "2026-03-09T16:00:00Z",
    nextPrompt: "2026-03-09T17:00:00Z",
  },
  {
    // +05:30 all year: Monday 10:00 IST is 04:30Z, 09:00 IST is 03:30Z.
    timeZone: "Asia/Kolkata",
    period: "2026-03-23",
    prompt: "2026-03-23T04:30:00Z",
    reminder: "2026-03-26T04:30:00Z",
    digest: "2026-03-30T03:30:00Z",
    nextPrompt: "2026-03-30T04:30:00Z",
  },
];

describe.each(TIMELINES)("a weekly team in $timeZone", (t) => {
  it("is prompted, reminded, digested and nudged at its local times", async () => {
    const id = await seedTeam(database.db, {
      channelId: "CTEAM",
      createdAt: new Date(Date.parse(t.prompt) - 7 * 86_400_000),
      respondents: ["UALICE", "UBOB"],
      schedule: { timeZone: t.timeZone },
    });
    // The week before was never asked: nothing to post for it but the new prompt.
    await expectDueAt(t.prompt, ["prompt"]);
    await answer(database.db, { mlTeamId: id, period: t.period, userId: "UALICE", met: SEED_LEVEL_1 });
    await expectDueAt(t.reminder, ["reminder"]);
    await expectDueAt(t.digest, ["team_digest", "nudge:siloed_roles", "nudge:manual_releases"]);
    await expectDueAt(t.nextPrompt, ["prompt"]);
  });
});

describe("the org digest", () => {
  it("goes out on Monday 09:00 in the time zone of whoever chose the channel, across DST", async () => {
    await seedTeam(database.db, { channelId: "CTEAM", createdAt: "2026-02-01T00:00:00Z" });
    await database.db
      .updateTable("workspaces")
      .set({ digest_channel_id: "CDIGEST", digest_time_zone: "America/Los_Angeles", digest_set_by: "UALICE" })
      .execute();
    const deps = testDeps(database.db, slack);
    await tickAt(deps, "2026-03-04T12:00:00Z"); // this week's digest, late but current
    slack.reset();
    // Monday 9 Mar 09:00 PDT (after the 8 Mar change) is 16:00Z, not 17:00Z.
    await tickAt(deps, "2026-03-09T15:59:00Z");
    expect(kinds(slack, "CDIGEST")).toEqual([]);
    await tickAt(deps, "2026-03-09T16:00:00Z");
    expect(kinds(slack, "CDIGEST")).toEqual(["org_digest"]);
  });
});
