import { describe, expect, it } from "vitest";
import { clearDigestChannel, digestWorkspaces, setDigestChannel } from "../../src/db/digest.js";
import { markUninstalled } from "../../src/db/workspaces.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const AT = new Date("2026-03-23T09:00:00Z");

describe("team schedule settings", () => {
  it("sets, moves and clears the digest channel, and forgets uninstalled workspaces", async () => {
    await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    const setting = { teamId: "T0", channelId: "CDIG", timeZone: "Asia/Kolkata", setBy: "U1" };
    expect(await setDigestChannel(database.db, setting, null)).toBe(true);
    expect(await setDigestChannel(database.db, { ...setting, channelId: "CNEW" }, "CDIG")).toBe(true);
    expect(await digestWorkspaces(database.db)).toEqual([{ ...setting, channelId: "CNEW" }]);
    await markUninstalled(database.db, "T0", AT);
    expect(await digestWorkspaces(database.db)).toEqual([]);
    expect(await clearDigestChannel(database.db, "T0", "CNEW")).toBe(true);
    expect(await clearDigestChannel(database.db, "T0", "CNEW")).toBe(false);
  });

  it("changes the digest channel only where the caller saw it, so two changes at once cannot both win", async () => {
    await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    const setting = { teamId: "T0", channelId: "CFIRST", timeZone: "UTC", setBy: "U1" };
    expect(await setDigestChannel(database.db, setting, null)).toBe(true);
    // A second person read "no digest yet" before the first one saved.
    expect(await setDigestChannel(database.db, { ...setting, channelId: "CSECOND", setBy: "U2" }, null)).toBe(
      false,
    );
    expect(await clearDigestChannel(database.db, "T0", "CSTALE")).toBe(false);
    expect(await digestWorkspaces(database.db)).toEqual([setting]);
  });
});
