import { describe, expect, it } from "vitest";
import { setDigestChannel } from "../../src/db/digest.js";
import { findWorkspace } from "../../src/db/workspaces.js";
import { sendDigestTo, stopDigest } from "../../src/services/digest-channel.js";
import { serviceContext } from "../support/deps.js";
import { knownPeople } from "../support/directory.js";
import { useDatabase } from "../support/fixture.js";

// Carol is in Paris, Ada is a workspace admin; Bob is known but neither chose the digest nor is an admin.
const database = useDatabase({ resetBetweenTests: true });
const ctx = () => serviceContext(database.db, "2026-03-25T12:00:00Z");
const CAST = { UCAROL: { timeZone: "Europe/Paris" }, UADA: { isAdmin: true }, UBOB: {} };
const people = () => knownPeople(CAST);
const workspace = { teamId: "T0", enterpriseId: null };

async function digestSetting() {
  const row = await findWorkspace(database.db, "T0");
  return { channelId: row?.digest_channel_id, setBy: row?.digest_set_by, timeZone: row?.digest_time_zone };
}

describe("sendDigestTo", () => {
  it("lets anyone choose the first channel, in their time zone, creating the workspace row", async () => {
    const outcome = await sendDigestTo(ctx(), people(), { workspace, userId: "UCAROL", channelId: "CLEADS" });
    expect(outcome).toEqual({
      kind: "set",
      channelId: "CLEADS",
      timeZone: "Europe/Paris",
      previous: null,
      zoneIsTheirs: true,
    });
    expect(await digestSetting()).toEqual({ channelId: "CLEADS", setBy: "UCAROL", timeZone: "Europe/Paris" });
  });

  it("uses UTC, and says the zone is not theirs, when the directory does not know the person", async () => {
    const outcome = await sendDigestTo(ctx(), people(), {
      workspace,
      userId: "UNOBODY",
      channelId: "CLEADS",
    });
    expect(outcome).toMatchObject({ kind: "set", timeZone: "UTC", zoneIsTheirs: false });
  });

  it("lets whoever chose it and admins move it, saying where it went before", async () => {
    await sendDigestTo(ctx(), people(), { workspace, userId: "UCAROL", channelId: "CLEADS" });
    expect(
      await sendDigestTo(ctx(), people(), { workspace, userId: "UCAROL", channelId: "CNEW" }),
    ).toMatchObject({ kind: "set", previous: "CLEADS" });
    expect(
      await sendDigestTo(ctx(), people(), { workspace, userId: "UADA", channelId: "CADMINS" }),
    ).toMatchObject({ kind: "set", previous: "CNEW" });
    expect(await digestSetting()).toMatchObject({ channelId: "CADMINS", setBy: "UADA" });
  });

  it("refuses anyone else moving it, with where it goes and who chose it, and changes nothing", async () => {
    await sendDigestTo(ctx(), people(), { workspace, userId: "UCAROL", channelId: "CLEADS" });
    expect(await sendDigestTo(ctx(), people(), { workspace, userId: "UBOB", channelId: "CRANDOM" })).toEqual({
      kind: "refused",
      current: { channelId: "CLEADS", setBy: "UCAROL" },
      turningOff: false,
      refusal: { kind: "refused" },
    });
    expect(
      await sendDigestTo(ctx(), people(), { workspace, userId: "UNOBODY", channelId: "CRANDOM" }),
    ).toMatchObject({ kind: "refused", refusal: { kind: "unverified", error: "user_not_found" } });
    expect(await digestSetting()).toMatchObject({ channelId: "CLEADS", setBy: "UCAROL" });
  });

  it("does not overwrite a change someone else saved while it was asking who the person is", async () => {
    await sendDigestTo(ctx(), people(), { workspace, userId: "UCAROL", channelId: "CLEADS" });
    const meanwhile = () =>
      setDigestChannel(
        database.db,
        { teamId: "T0", channelId: "CFASTER", timeZone: "UTC", setBy: "UADA" },
        "CLEADS",
      );
    const slowDirectory = knownPeople(CAST, meanwhile);
    expect(
      await sendDigestTo(ctx(), slowDirectory, { workspace, userId: "UCAROL", channelId: "CMINE" }),
    ).toEqual({ kind: "changed-meanwhile" });
    expect(await digestSetting()).toMatchObject({ channelId: "CFASTER", setBy: "UADA" });
  });
});

describe("stopDigest", () => {
  it("says there was nothing to stop, without asking who the person is", async () => {
    const directory = people();
    expect(await stopDigest(ctx(), directory, { workspace, userId: "UBOB" })).toEqual({
      kind: "off",
      previous: null,
    });
    expect(directory.asked).toEqual([]);
  });

  it("lets whoever chose it stop it without asking the directory, and refuses others", async () => {
    await sendDigestTo(ctx(), people(), { workspace, userId: "UCAROL", channelId: "CLEADS" });
    expect(await stopDigest(ctx(), people(), { workspace, userId: "UBOB" })).toMatchObject({
      kind: "refused",
      turningOff: true,
    });
    const directory = people();
    expect(await stopDigest(ctx(), directory, { workspace, userId: "UCAROL" })).toEqual({
      kind: "off",
      previous: "CLEADS",
    });
    expect(directory.asked).toEqual([]);
    expect(await digestSetting()).toEqual({ channelId: null, setBy: null, timeZone: null });
  });

  it("does not stop a digest that was moved while it was asking who the person is", async () => {
    await sendDigestTo(ctx(), people(), { workspace, userId: "UCAROL", channelId: "CLEADS" });
    const meanwhile = () =>
      setDigestChannel(
        database.db,
        { teamId: "T0", channelId: "CMOVED", timeZone: "UTC", setBy: "UCAROL" },
        "CLEADS",
      );
    expect(await stopDigest(ctx(), knownPeople(CAST, meanwhile), { workspace, userId: "UADA" })).toEqual({
      kind: "changed-meanwhile",
    });
    expect(await digestSetting()).toMatchObject({ channelId: "CMOVED" });
  });
});
