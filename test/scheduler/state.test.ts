import { describe, expect, it } from "vitest";
import { insertSnapshots } from "../../src/db/snapshots.js";
import { snoozeNudge } from "../../src/db/snoozes.js";
import { teamRounds } from "../../src/domain/due-work.js";
import type { Logger } from "../../src/logger.js";
import { loadOutbox, loadSchedule } from "../../src/scheduler/state.js";
import { useDatabase } from "../support/fixture.js";
import { capturingLogger, silentLogger } from "../support/logger.js";
import { seedTeam } from "../support/seed.js";

// Mon 30 Mar 2026, 12:00Z: for a weekly UTC team the current round is 30 Mar, the previous 23 Mar and the one
// before 16 Mar; the org digest week is 30 Mar.
const database = useDatabase({ resetBetweenTests: true });
const NOW = new Date("2026-03-30T12:00:00Z");
const createdAt = "2026-03-01T00:00:00Z";

async function delivery(key: string, mlTeamId: number | null, period: string) {
  const kind = key.split(":")[0] ?? "";
  await database.db
    .insertInto("deliveries")
    .values({ key, team_id: "T0", ml_team_id: mlTeamId, kind, period, status: "sent", claimed_at: NOW })
    .execute();
}

/** What a tick reads before it plans a slice, here the whole organisation as one. */
async function loadTickState(db: typeof database.db, now: Date, logger: Logger, leaseSeconds: number) {
  const schedule = await loadSchedule(db, now, logger);
  return { ...schedule, ...(await loadOutbox(db, now, schedule, leaseSeconds)) };
}

describe("loadSchedule and loadOutbox", () => {
  it("reads each installed workspace's teams with their schedule, rounds and active snoozes", async () => {
    const schedule = {
      cadence: "biweekly",
      checkinDay: 3,
      checkinTime: "09:30",
      timeZone: "Europe/Berlin",
    } as const;
    const id = await seedTeam(database.db, {
      channelId: "CTEAM",
      name: "Platform",
      createdAt,
      schedule,
      pausedUntil: "2026-04-06T00:00:00Z",
    });
    const snooze = { teamId: "T0", mlTeamId: id, userId: "UALICE" };
    await snoozeNudge(database.db, {
      ...snooze,
      kind: "siloed_roles",
      until: new Date("2026-04-20T00:00:00Z"),
    });
    await snoozeNudge(database.db, {
      ...snooze,
      kind: "regression",
      until: new Date("2026-03-29T00:00:00Z"),
    });
    await seedTeam(database.db, { teamId: "TGONE", channelId: "CGONE", createdAt });
    await database.db
      .updateTable("workspaces")
      .set({ uninstalled_at: NOW })
      .where("team_id", "=", "TGONE")
      .execute();

    const state = await loadTickState(database.db, NOW, silentLogger(), 120);
    expect(state.teams.map(({ team }) => team)).toEqual([
      {
        id,
        teamId: "T0",
        channelId: "CTEAM",
        name: "Platform",
        schedule,
        createdAt: new Date(createdAt),
        pausedUntil: new Date("2026-04-06T00:00:00Z"),
        snoozedUntil: new Map([["siloed_roles", new Date("2026-04-20T00:00:00Z")]]),
      },
    ]);
    expect(state.teams[0]?.rounds).toEqual(teamRounds(schedule, NOW));
  });

  it("leaves out, and logs, a team whose stored time zone is unknown, and reads the others", async () => {
    const bad = await seedTeam(database.db, {
      channelId: "CBAD",
      createdAt,
      schedule: { timeZone: "Mars/Olympus_Mons" },
    });
    await seedTeam(database.db, { channelId: "COK", createdAt });
    const { logger, lines } = capturingLogger("error");
    const state = await loadTickState(database.db, NOW, logger, 120);
    expect(state.teams.map(({ team }) => team.channelId)).toEqual(["COK"]);
    expect(lines()).toContainEqual(
      expect.objectContaining({ msg: "team skipped: its schedule is invalid", mlTeamId: bad }),
    );
  });

  it("reads the digest channels, sending the digest in UTC when the stored zone is unknown", async () => {
    await seedTeam(database.db, { channelId: "CTEAM", createdAt });
    await database.db
      .updateTable("workspaces")
      .set({ digest_channel_id: "CDIGEST", digest_time_zone: "Not/AZone", digest_set_by: "UALICE" })
      .execute();
    const state = await loadTickState(database.db, NOW, silentLogger(), 120);
    expect(state.workspaces).toEqual([{ teamId: "T0", channelId: "CDIGEST", timeZone: "UTC" }]);
  });

  it("looks up the outbox rows of the rounds it works on and the digests it may owe, and closed rounds", async () => {
    const id = await seedTeam(database.db, { channelId: "CTEAM", createdAt });
    await database.db
      .updateTable("workspaces")
      .set({ digest_channel_id: "CDIGEST", digest_time_zone: "UTC" })
      .execute();
    for (const [key, period] of [
      [`prompt:${id}:2026-03-30`, "2026-03-30"],
      [`nudge:siloed_roles:${id}:2026-03-23`, "2026-03-23"],
      [`team_digest:${id}:2026-03-16`, "2026-03-16"],
      [`prompt:${id}:2026-03-16`, "2026-03-16"],
    ] as const) {
      await delivery(key, id, period);
    }
    await delivery("org_digest:T0:2026-03-30", null, "2026-03-30");
    await insertSnapshots(
      database.db,
      [
        {
          mlTeamId: id,
          teamId: "T0",
          period: "2026-03-23",
          prompted: true,
          answered: 0,
          expected: 0,
          level: null,
          met: [],
          notApplicable: new Map(),
          disputed: [],
        },
      ],
      NOW,
    );
    const state = await loadTickState(database.db, NOW, silentLogger(), 120);
    expect(state.lookup(`prompt:${id}:2026-03-30`)?.status).toBe("sent");
    expect(state.lookup(`nudge:siloed_roles:${id}:2026-03-23`)?.status).toBe("sent");
    expect(state.lookup(`team_digest:${id}:2026-03-16`)?.status).toBe("sent");
    expect(state.lookup("org_digest:T0:2026-03-30")?.status).toBe("sent");
    // Older rows are not read: nothing of the round before last is owed but its digest.
    expect(state.lookup(`prompt:${id}:2026-03-16`)).toBeUndefined();
    expect(state.isClosed(id, "2026-03-23")).toBe(true);
    expect(state.isClosed(id, "2026-03-16")).toBe(false);
  });
});
