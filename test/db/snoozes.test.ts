import { describe, expect, it } from "vitest";
import { loadActiveSnoozes } from "../../src/db/schedule.js";
import { snoozeNudge } from "../../src/db/snoozes.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const AT = new Date("2026-03-23T09:00:00Z");

describe("team schedule settings", () => {
  it("snoozes a nudge kind only for a team of the clicking workspace", async () => {
    const id = await seedTeam(database.db, { channelId: "C1", name: "Platform", createdAt: AT });
    const until = new Date("2026-04-20T09:00:00Z");
    const snooze = { mlTeamId: id, kind: "siloed_roles", until, userId: "U1" };
    expect(await snoozeNudge(database.db, { ...snooze, teamId: "TOTHER" })).toBeUndefined();
    expect(await snoozeNudge(database.db, { ...snooze, teamId: "T0" })).toEqual({
      name: "Platform",
      timeZone: "UTC",
    });
    // Snoozing again replaces the snooze: one per team and kind, by whoever snoozed it last.
    const later = new Date("2026-04-27T09:00:00Z");
    expect(await snoozeNudge(database.db, { ...snooze, until: later, teamId: "T0", userId: "U2" })).toEqual({
      name: "Platform",
      timeZone: "UTC",
    });
    expect(await database.db.selectFrom("snoozes").select(["kind", "until", "snoozed_by"]).execute()).toEqual(
      [{ kind: "siloed_roles", until: later, snoozed_by: "U2" }],
    );
    await snoozeNudge(database.db, { ...snooze, teamId: "T0" });
    expect(await loadActiveSnoozes(database.db, AT)).toEqual([
      { ml_team_id: id, kind: "siloed_roles", until },
    ]);
    expect(await loadActiveSnoozes(database.db, until)).toEqual([]);
  });
});
