import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { snoozeNudge } from "../../src/db/snoozes.js";
import { ChannelPacer } from "../../src/scheduler/pacer.js";
import { testDeps } from "../support/deps.js";
import { useDatabase, useFakeSlack } from "../support/fixture.js";
import { capturingLogger } from "../support/logger.js";
import { blockIds, visibleText } from "../support/messages.js";
import { SEED_LEVEL_1, upTo } from "../support/rounds.js";
import {
  ageClaims,
  copiesByKey,
  deliveryRow,
  deliveryRows,
  kinds,
  posts,
  tickAt,
} from "../support/scheduled.js";
import { answer, resetTables, seedTeam } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const slack = useFakeSlack({ resetBetweenTests: true });

const deps = () => testDeps(database.db, slack);
// UTC teams, weekly on Monday 10:00: round of Mon 16 Mar 2026, then Mon 23 Mar, then Mon 30 Mar.
const MON_16 = "2026-03-16";
const MON_23 = "2026-03-23";

async function team(channelId: string, overrides: Partial<Parameters<typeof seedTeam>[1]> = {}) {
  return seedTeam(database.db, {
    channelId,
    createdAt: "2026-03-02T08:00:00Z",
    respondents: ["UALICE", "UBOB"],
    ...overrides,
  });
}

describe("prompts", () => {
  it("posts the prompt once at check-in time; a repeated tick posts nothing new", async () => {
    const id = await team("CTEAM", { createdAt: "2026-03-20T08:00:00Z" });
    expect((await tickAt(deps(), "2026-03-23T09:59:00Z")).sent.prompt).toBe(0);
    const first = await tickAt(deps(), "2026-03-23T10:00:00Z");
    expect(first.sent.prompt).toBe(1);
    expect(kinds(slack, "CTEAM")).toEqual(["prompt"]);
    const again = await tickAt(deps(), "2026-03-23T10:00:30Z");
    expect(Object.values(again.sent).every((n) => n === 0)).toBe(true);
    expect(posts(slack)).toHaveLength(1);
    expect(await deliveryRow(database.db, `prompt:${id}:${MON_23}`)).toMatchObject({
      status: "sent",
      channel_id: "CTEAM",
      attempts: 1,
    });
  });

  it("gives a team set up mid-round its first prompt at the next tick", async () => {
    await team("CMID", { createdAt: "2026-03-25T14:00:00Z" });
    await tickAt(deps(), "2026-03-25T14:01:00Z");
    expect(kinds(slack, "CMID")).toEqual(["prompt"]);
  });

  it("asks a team set up before its check-in time at that time, not earlier", async () => {
    await team("CEARLY", { createdAt: "2026-03-30T08:00:00Z" });
    await tickAt(deps(), "2026-03-30T09:59:00Z");
    expect(posts(slack)).toEqual([]);
    await tickAt(deps(), "2026-03-30T10:00:00Z");
    expect(kinds(slack, "CEARLY")).toEqual(["prompt"]);
  });

  it("does nothing for a workspace that uninstalled the app", async () => {
    await team("CGONE");
    await database.db
      .updateTable("workspaces")
      .set({ uninstalled_at: new Date("2026-03-01T00:00:00Z") })
      .execute();
    const report = await tickAt(deps(), "2026-03-23T10:00:00Z");
    expect(report.teams).toBe(0);
    expect(posts(slack)).toEqual([]);
  });

  it("leaves out a team whose stored time zone is unknown and serves the others", async () => {
    await team("CBAD", { schedule: { timeZone: "Mars/Olympus_Mons" } });
    await team("COK");
    await tickAt(deps(), "2026-03-23T10:00:00Z");
    expect(posts(slack).map((c) => c.args.channel)).toEqual(["COK"]);
  });
});

describe("reminders", () => {
  it("DMs each respondent who has not answered, once, on Thursday", async () => {
    const id = await team("CTEAM", { respondents: ["UALICE", "UBOB", "UCAROL"] });
    await tickAt(deps(), "2026-03-23T10:00:00Z");
    await answer(database.db, { mlTeamId: id, period: MON_23, userId: "UALICE", met: SEED_LEVEL_1 });
    slack.reset();
    await tickAt(deps(), "2026-03-26T09:59:00Z");
    expect(posts(slack)).toEqual([]);
    await tickAt(deps(), "2026-03-26T10:00:00Z");
    await tickAt(deps(), "2026-03-26T15:00:00Z");
    expect(
      posts(slack)
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(["UBOB", "UCAROL"]);
    expect(kinds(slack)).toEqual(["reminder", "reminder"]);
  });
});

describe("catch-up after downtime", () => {
  it("does late what is still current: the closed round's digest and nudges, and the new prompt", async () => {
    const id = await team("CTEAM");
    await tickAt(deps(), "2026-03-16T10:00:00Z");
    await answer(database.db, { mlTeamId: id, period: MON_16, userId: "UALICE", met: SEED_LEVEL_1 });
    slack.reset();
    // Down from Monday 16 Mar 10:00 until Tuesday 24 Mar: Thursday's reminder and Monday's ticks were missed.
    const report = await tickAt(deps(), "2026-03-24T12:00:00Z");
    expect(kinds(slack, "CTEAM").sort()).toEqual(
      ["nudge:manual_releases", "nudge:siloed_roles", "prompt", "team_digest"].sort(),
    );
    expect(posts(slack).some((c) => c.args.channel === "UBOB")).toBe(false);
    expect(report.skipped).toContainEqual({
      key: `reminder:${id}:${MON_16}:UBOB`,
      reason: "no tick ran on reminder day",
      stale: true,
    });
  });

  it("skips and logs what is older, never posting it stale", async () => {
    const id = await team("CTEAM");
    await tickAt(deps(), "2026-03-09T10:00:00Z");
    await answer(database.db, { mlTeamId: id, period: "2026-03-09", userId: "UALICE", met: SEED_LEVEL_1 });
    slack.reset();
    const { logger, lines } = capturingLogger("info");
    // Down from 9 Mar until Tuesday 24 Mar: the 9 Mar digest was due on 16 Mar, the 16 Mar prompt never went out.
    await tickAt(testDeps(database.db, slack, logger), "2026-03-24T12:00:00Z");
    expect(kinds(slack)).toEqual(["prompt"]);
    expect(await deliveryRow(database.db, `team_digest:${id}:2026-03-09`)).toMatchObject({
      status: "skipped",
    });
    expect(await deliveryRow(database.db, `prompt:${id}:${MON_16}`)).toMatchObject({ status: "skipped" });
    // One summary line at info level, not a warning per message.
    const said = lines().filter((l) => String(l.msg).startsWith("skipped"));
    expect(said.map((l) => [l.level, l.msg])).toEqual([
      ["info", "skipped 2 messages whose period is over (not posted late): 1 prompt, 1 team digest"],
    ]);
    expect(lines().filter((l) => l.level === "warn" || l.level === "error")).toEqual([]);
    // The unprompted round of 16 Mar does not count as a missed check-in.
    expect(await deliveryRow(database.db, `nudge:missed_checkin:${id}:${MON_16}`)).toMatchObject({
      status: "skipped",
    });
    slack.reset();
    await tickAt(deps(), "2026-03-24T12:01:00Z");
    expect(posts(slack)).toEqual([]);
  });
});

describe("closing rounds, digests and nudges", () => {
  it("closes the round into a snapshot and posts digest and nudges once, digest first", async () => {
    const id = await team("CTEAM", { roles: { UALICE: "data_scientist" } });
    await tickAt(deps(), "2026-03-16T10:00:00Z");
    await answer(database.db, { mlTeamId: id, period: MON_16, userId: "UALICE", met: upTo(2) });
    await tickAt(deps(), "2026-03-23T10:00:00Z");
    await answer(database.db, { mlTeamId: id, period: MON_23, userId: "UALICE", met: SEED_LEVEL_1 });
    await answer(database.db, {
      mlTeamId: id,
      period: MON_23,
      userId: "UBOB",
      met: [...SEED_LEVEL_1, "managed_compute"],
    });
    slack.reset();
    const report = await tickAt(deps(), "2026-03-30T09:00:00Z");
    expect(report.roundsClosed).toBe(1);
    expect(kinds(slack, "CTEAM")).toEqual([
      "team_digest",
      "nudge:siloed_roles",
      "nudge:manual_releases",
      "nudge:regression",
    ]);
    const [digestPost] = posts(slack, "CTEAM");
    expect(blockIds(digestPost?.args ?? {})).toContain("level:1");
    const digest = visibleText(digestPost?.args.blocks);
    expect(digest).toContain("Down from level 2");
    expect(digest).toContain("*Answered:* 2 of 2 respondents — 1 × Data scientist, 1 × role not given");
    expect(digest).toContain("Next prerequisite");
    expect(digest).toContain("Disputed:");
    expect(digest).toContain("2 → 1");
    const snapshot = await database.db
      .selectFrom("round_snapshots")
      .selectAll()
      .where("period", "=", MON_23)
      .executeTakeFirstOrThrow();
    expect(snapshot).toMatchObject({
      prompted: true,
      answered: 2,
      expected: 2,
      level: 1,
      disputed: ["managed_compute"],
    });
    slack.reset();
    expect((await tickAt(deps(), "2026-03-30T09:01:00Z")).roundsClosed).toBe(0);
    expect(posts(slack)).toEqual([]);
  });

  it("nudges about a missed check-in only when the round was asked", async () => {
    await team("CASKED");
    await team("CNEW", { createdAt: "2026-03-29T20:00:00Z" });
    await tickAt(deps(), "2026-03-23T10:00:00Z");
    slack.reset();
    await tickAt(deps(), "2026-03-30T09:00:00Z");
    expect(kinds(slack, "CASKED")).toEqual(["team_digest", "nudge:missed_checkin"]);
    expect(blockIds(posts(slack, "CASKED")[0]?.args ?? {})).toContain("level:none");
    expect(posts(slack, "CNEW")).toEqual([]);
  });

  it("skips a snoozed nudge kind until the snooze ends, then nudges again", async () => {
    const id = await team("CTEAM");
    const snooze = { teamId: "T0", mlTeamId: id, kind: "siloed_roles", userId: "UALICE" };
    await snoozeNudge(database.db, { ...snooze, until: new Date("2026-04-20T09:00:00Z") });
    await tickAt(deps(), "2026-03-23T10:00:00Z");
    await answer(database.db, { mlTeamId: id, period: MON_23, userId: "UALICE", met: SEED_LEVEL_1 });
    slack.reset();
    await tickAt(deps(), "2026-03-30T09:00:00Z");
    expect(kinds(slack, "CTEAM")).toEqual(["team_digest", "nudge:manual_releases"]);
    expect(await deliveryRow(database.db, `nudge:siloed_roles:${id}:${MON_23}`)).toMatchObject({
      status: "skipped",
      error: "snoozed until 2026-04-20T09:00:00.000Z",
    });
    await tickAt(deps(), "2026-04-13T10:00:00Z");
    await answer(database.db, { mlTeamId: id, period: "2026-04-13", userId: "UALICE", met: SEED_LEVEL_1 });
    slack.reset();
    await tickAt(deps(), "2026-04-20T09:00:00Z");
    expect(kinds(slack, "CTEAM")).toEqual(["team_digest", "nudge:siloed_roles", "nudge:manual_releases"]);
  });
});

describe("pause and resume", () => {
  it("holds back prompts, reminders and nudges while paused and catches up on resume", async () => {
    const id = await team("CTEAM", { pausedUntil: "2026-04-06T00:00:00Z" });
    await answer(database.db, { mlTeamId: id, period: MON_16, userId: "UALICE", met: SEED_LEVEL_1 });
    await tickAt(deps(), "2026-03-23T10:00:00Z");
    await tickAt(deps(), "2026-03-26T10:00:00Z");
    // The answered round still gets its digest; the prompt, reminders and nudges wait.
    expect(kinds(slack, "CTEAM")).toEqual(["team_digest"]);
    await database.db.updateTable("ml_teams").set({ paused_until: null }).execute();
    slack.reset();
    await tickAt(deps(), "2026-03-26T10:01:00Z");
    expect(kinds(slack, "CTEAM")).toEqual(["nudge:siloed_roles", "nudge:manual_releases", "prompt"]);
  });
});

describe("delivery failures", () => {
  it("records one team's Slack failure and still posts for the others, without retrying it", async () => {
    const broken = await team("CBROKEN");
    await team("COK1");
    await team("COK2");
    slack.fail("chat.postMessage", "channel_not_found", "CBROKEN");
    const report = await tickAt(deps(), "2026-03-23T10:00:00Z");
    expect(
      posts(slack)
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(["CBROKEN", "COK1", "COK2"]);
    expect(report.sent.prompt).toBe(2);
    expect(report.failed).toEqual([
      { key: `prompt:${broken}:${MON_23}`, error: "channel_not_found", transient: false },
    ]);
    expect(await deliveryRow(database.db, `prompt:${broken}:${MON_23}`)).toMatchObject({
      status: "failed",
      error: "channel_not_found",
    });
    slack.reset();
    await tickAt(deps(), "2026-03-23T12:00:00Z");
    expect(posts(slack)).toEqual([]);
  });

  it("retries a failure Slack says is passing on a later tick, within the round", async () => {
    const id = await team("CFLAKY");
    const stop = slack.fail("chat.postMessage", "service_unavailable");
    const report = await tickAt(deps(), "2026-03-23T10:00:00Z");
    expect(report.failed).toEqual([
      { key: `prompt:${id}:${MON_23}`, error: "service_unavailable", transient: true },
    ]);
    stop();
    slack.reset();
    await tickAt(deps(), "2026-03-23T10:00:30Z");
    expect(posts(slack)).toEqual([]); // backing off
    await tickAt(deps(), "2026-03-23T10:02:00Z");
    expect(kinds(slack)).toEqual(["prompt"]);
    expect(await deliveryRow(database.db, `prompt:${id}:${MON_23}`)).toMatchObject({
      status: "sent",
      attempts: 2,
      error: null,
    });
  });

  it("never retries a post whose connection was cut after Slack took it; it checks the history once the lease runs out", async () => {
    const id = await team("CFLAKY");
    slack.afterAccepting((c) =>
      c.method === "chat.postMessage" && posts(slack).length === 1 ? "reset" : undefined,
    );
    const report = await tickAt(deps(), "2026-03-23T10:00:00Z");
    expect(report.inDoubt).toEqual([{ key: `prompt:${id}:${MON_23}`, error: "request_error" }]);
    await tickAt(deps(), "2026-03-23T10:05:00Z");
    expect(posts(slack)).toHaveLength(1); // the lease (on the database's clock) still runs
    await ageClaims(database.db, 121);
    const later = await tickAt(deps(), "2026-03-23T10:06:00Z");
    expect(later.confirmed).toBe(1);
    expect(copiesByKey(slack)).toEqual(new Map([[`prompt:${id}:${MON_23}`, 1]]));
    expect(await deliveryRow(database.db, `prompt:${id}:${MON_23}`)).toMatchObject({ status: "sent" });
  });

  it("honours a 429's Retry-After and then posts", async () => {
    await team("CLIMITED");
    let limited = false;
    slack.override((c) => {
      if (c.method !== "chat.postMessage" || limited) return undefined;
      limited = true;
      return { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } };
    });
    const report = await tickAt(deps(), "2026-03-23T10:00:00Z");
    expect(report.sent.prompt).toBe(1);
    const [first, second] = posts(slack);
    expect(second).toBeDefined();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it("posts a message whose claimer stopped before posting it, once the lease runs out and the history lacks it", async () => {
    const id = await team("CTEAM");
    const key = `prompt:${id}:${MON_23}`;
    await database.db
      .insertInto("deliveries")
      .values({
        key,
        team_id: "T0",
        ml_team_id: id,
        kind: "prompt",
        period: MON_23,
        status: "claimed",
        channel_id: "CTEAM",
        claimed_at: new Date(),
      })
      .execute();
    // However late the tick's own clock says it is, the lease runs on the database's.
    await tickAt(deps(), "2026-03-24T10:00:00Z");
    expect(posts(slack)).toEqual([]);
    await ageClaims(database.db, 121);
    await tickAt(deps(), "2026-03-23T10:00:01Z");
    expect(kinds(slack)).toEqual(["prompt"]);
    expect(slack.callsTo("conversations.history")).toHaveLength(1);
    expect(await deliveryRow(database.db, key)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("gives back unposted claims when stopped mid-tick, so the next tick posts them", async () => {
    for (const channel of ["C1", "C2", "C3"]) await team(channel);
    const controller = new AbortController();
    slack.override((c) => {
      if (c.method === "chat.postMessage") controller.abort();
      return undefined;
    });
    const report = await tickAt(deps(), "2026-03-23T10:00:00Z", {
      signal: controller.signal,
      concurrency: 1,
    });
    expect(report.sent.prompt).toBe(1);
    expect(posts(slack)).toHaveLength(1);
    slack.reset();
    await tickAt(deps(), "2026-03-23T10:00:10Z");
    expect(posts(slack)).toHaveLength(2);
    const rows = await deliveryRows(database.db);
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(3);
  });
});

describe("pacing", () => {
  it("spaces messages to one channel a second apart while other channels go ahead", async () => {
    for (const channel of ["CA", "CB"]) {
      const id = await team(channel);
      await tickAt(deps(), "2026-03-23T10:00:00Z");
      await answer(database.db, { mlTeamId: id, period: MON_23, userId: "UALICE", met: SEED_LEVEL_1 });
    }
    slack.reset();
    const started = Date.now();
    await tickAt(deps(), "2026-03-30T09:00:00Z", { pacer: new ChannelPacer(1_000) });
    const elapsed = Date.now() - started;
    for (const channel of ["CA", "CB"]) {
      const times = posts(slack, channel).map((c) => c.at);
      expect(times).toHaveLength(3);
      for (let i = 1; i < times.length; i++)
        expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(950);
    }
    // Two channels of three messages each take about two seconds, not five.
    expect(elapsed).toBeLessThan(4_500);
  });
});

describe("org digest", () => {
  it("posts the workspace digest once a week at Monday 09:00 in the setter's time zone", async () => {
    const a = await team("CA");
    await team("CB");
    await database.db
      .updateTable("workspaces")
      .set({ digest_channel_id: "CDIGEST", digest_time_zone: "Asia/Kolkata", digest_set_by: "UALICE" })
      .execute();
    await tickAt(deps(), "2026-03-16T10:00:00Z");
    await answer(database.db, { mlTeamId: a, period: MON_16, userId: "UALICE", met: upTo(2) });
    await tickAt(deps(), "2026-03-23T10:00:00Z");
    await answer(database.db, { mlTeamId: a, period: MON_23, userId: "UALICE", met: SEED_LEVEL_1 });
    slack.reset();
    // Monday 30 Mar 09:00 IST is 03:30Z; the UTC teams' rounds closed at 00:00Z.
    await tickAt(deps(), "2026-03-30T03:29:00Z");
    expect(posts(slack, "CDIGEST")).toEqual([]);
    await tickAt(deps(), "2026-03-30T03:30:00Z");
    await tickAt(deps(), "2026-03-30T09:00:00Z");
    const digests = posts(slack, "CDIGEST");
    expect(digests.map((c) => c.args.text)).toEqual([
      "MLOps maturity for the rounds of the week of Mon 23 Mar: 2 teams",
    ]);
    const text = visibleText(digests[0]?.args.blocks);
    expect(text).toContain("Level 1 — DevOps but no MLOps: *1*");
    expect(text).toContain("No closed round with answers yet: *1*");
    expect(text).toMatch(/Moved down\* \(1\)\n• \*team CA\* \(<#CA>\) 2 → 1/);
    expect(text).toMatch(/Missed their check-in\* \(1\)\n• \*team CB\*/);
    expect(text).toContain("Data scientists and data engineers work together");
    expect(text).toContain("1 of 4 respondents answered (25%); 1 of 2 teams checked in");
  });
});

describe("a tick in slices of the organisation", () => {
  it("posts every team's messages once, slice after slice, and a digest still sees all its workspace's teams", async () => {
    await team("CA");
    await team("CB");
    await team("CC", { teamId: "T1" });
    await database.db
      .updateTable("workspaces")
      .set({ digest_channel_id: "CDIGEST", digest_time_zone: "UTC", digest_set_by: "UALICE" })
      .where("team_id", "=", "T0")
      .execute();
    const slices = { teamsPerChunk: 1 };
    const first = await tickAt(deps(), "2026-03-30T10:00:00Z", slices);
    expect(first.teams).toBe(3);
    expect(first.sent.prompt).toBe(3);
    expect(["CA", "CB", "CC"].map((c) => kinds(slack, c))).toEqual([["prompt"], ["prompt"], ["prompt"]]);
    expect(posts(slack, "CDIGEST").map((c) => c.args.text)).toEqual([
      "MLOps maturity for the rounds of the week of Mon 23 Mar: 2 teams",
    ]);
    const again = await tickAt(deps(), "2026-03-30T10:00:30Z", slices);
    expect(Object.values(again.sent).every((n) => n === 0)).toBe(true);
  });

  it("stops before the next slice when asked to, and says so", async () => {
    await team("CA");
    await team("CC", { teamId: "T1" });
    const stop = new AbortController();
    const stopping = slack.override((call) => {
      if (call.method === "chat.postMessage") stop.abort();
      return undefined;
    });
    const report = await tickAt(deps(), "2026-03-30T10:00:00Z", { teamsPerChunk: 1, signal: stop.signal });
    expect(report.stoppedBy).toBe("signal");
    expect(posts(slack)).toHaveLength(1);
    stopping();
    expect((await tickAt(deps(), "2026-03-30T10:01:00Z")).sent.prompt).toBe(1);
  });
});

describe("the database going away between slices", () => {
  it("keeps what the first slice posted in the report, stops, and the next tick posts the rest once", async () => {
    await team("CA");
    await team("CC", { teamId: "T1" });
    // After the first slice has posted (and written that down), the next slice's read of the outbox fails
    // as a dropped connection does.
    let away = false;
    const stopBeingAway = slack.override((call) => {
      if (call.method === "chat.postMessage") away = true;
      return undefined;
    });
    const flaky = {
      ...deps(),
      db: database.db.withPlugin({
        transformQuery: (args) => {
          if (away && JSON.stringify(args.node).includes("lateral (select * from deliveries")) {
            throw new Error("Connection terminated unexpectedly");
          }
          return args.node;
        },
        transformResult: async (args) => args.result,
      }),
    };
    const report = await tickAt(flaky, "2026-03-30T10:00:00Z", { teamsPerChunk: 1 });
    expect(report.stoppedBy).toBe("database");
    expect(report.sent.prompt).toBe(1);
    expect(posts(slack)).toHaveLength(1);
    stopBeingAway();
    const next = await tickAt(deps(), "2026-03-30T10:01:00Z", { teamsPerChunk: 1 });
    expect(next.sent.prompt).toBe(1);
    expect(["CA", "CC"].map((c) => kinds(slack, c))).toEqual([["prompt"], ["prompt"]]);
  });
});

describe("the org digest of a workspace with one team", () => {
  it("says “1 team” and “1 of 1 team checked in”", async () => {
    const id = await seedTeam(database.db, {
      channelId: "CONLY",
      createdAt: "2026-03-02T08:00:00Z",
      respondents: ["UALICE"],
    });
    await database.db
      .updateTable("workspaces")
      .set({ digest_channel_id: "CDIGEST", digest_time_zone: "UTC", digest_set_by: "UALICE" })
      .execute();
    await tickAt(deps(), "2026-03-23T10:00:00Z");
    await answer(database.db, { mlTeamId: id, period: "2026-03-23", userId: "UALICE", met: SEED_LEVEL_1 });
    slack.reset();
    await tickAt(deps(), "2026-03-30T09:00:00Z");
    const [digest] = posts(slack, "CDIGEST");
    expect(digest?.args.text).toBe("MLOps maturity for the rounds of the week of Mon 23 Mar: 1 team");
    const text = visibleText(digest?.args.blocks);
    expect(text).toContain("*Teams per level* (1 team)");
    expect(text).toContain(
      "Participation this week: 1 of 1 respondent answered (100%); 1 of 1 team checked in.",
    );
  });
});

describe("query count", () => {
  it("does not grow with the number of teams", async () => {
    async function queriesFor(teams: number): Promise<number> {
      await resetTables(database.db);
      for (let i = 0; i < teams; i++) {
        const id = await team(`C${i}`);
        await answer(database.db, { mlTeamId: id, period: MON_16, userId: "UALICE", met: SEED_LEVEL_1 });
      }
      await database.db
        .insertInto("deliveries")
        .expression(
          sql`select 'prompt:' || id || ':2026-03-16', team_id, id, 'prompt', '2026-03-16', 'sent', 1, now(), now(), null, null, null from ml_teams`,
        )
        .execute();
      let count = 0;
      const counting = {
        ...deps(),
        db: database.db.withPlugin({
          transformQuery: (args) => {
            // Claims and outcomes are written as each message goes, group-committed with whatever else is
            // being written then, so their number depends on timing; nothing else may grow with the teams.
            const text = JSON.stringify(args.node);
            const claims = text.includes("insert into deliveries as d");
            if (!claims && !text.includes("o.status")) count++;
            return args.node;
          },
          transformResult: async (args) => args.result,
        }),
      };
      await tickAt(counting, "2026-03-23T10:00:00Z");
      return count;
    }
    const few = await queriesFor(3);
    const many = await queriesFor(30);
    expect(many).toBe(few);
  });
});
