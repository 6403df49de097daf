import { describe, expect, it } from "vitest";
import { findRole } from "../../src/db/people.js";
import {
  type CheckinAnswer,
  checkinFormFor,
  checkinFormForButton,
  submitCheckin,
} from "../../src/services/checkin.js";
import { serviceContext } from "../support/deps.js";
import { knownPeople } from "../support/directory.js";
import { useDatabase } from "../support/fixture.js";
import { SEED_LEVEL_1, upTo } from "../support/rounds.js";
import { respondentsOf } from "../support/rows.js";
import { answer, seedTeam } from "../support/seed.js";

// A weekly UTC team in CTEAM of workspace T0, answered for by Alice; Wednesday 25 Nov is in the round of 23 Nov.
const database = useDatabase({ resetBetweenTests: true });
const ctx = () => serviceContext(database.db, "2026-11-25T12:00:00Z");
const seeded = () =>
  seedTeam(database.db, {
    channelId: "CTEAM",
    name: "Platform",
    createdAt: "2026-11-01T00:00:00Z",
    respondents: ["UALICE"],
  });
const inChannel = (channelId: string) => ({ by: "channel", channelId, mentioned: false }) as const;
// Bob is in the team's channel without being a respondent; Carol is in another channel only.
const slack = () => knownPeople({ UBOB: { channels: ["CTEAM"] }, UCAROL: { channels: ["COTHER"] } });
const LEVEL_1: CheckinAnswer = {
  met: [...SEED_LEVEL_1],
  notApplicable: new Map(),
  role: "data_engineer",
  note: "builds are automated",
};

describe("checkinFormFor", () => {
  it("is the form of the channel's team for the current round, with nothing filled in the first time", async () => {
    const id = await seeded();
    const request = { teamId: "T0", userId: "UALICE", query: inChannel("CTEAM") };
    expect(await checkinFormFor(ctx(), slack(), request)).toEqual({
      kind: "found",
      team: {
        team: { id, name: "Platform" },
        period: "2026-11-23",
        previous: null,
        role: null,
        origin: "channel",
        evidence: [],
      },
    });
  });

  it("fills in the person's last answer, saying whether it was this round's", async () => {
    const id = await seeded();
    await answer(database.db, { mlTeamId: id, period: "2026-11-16", userId: "UALICE", met: upTo(1) });
    const request = { teamId: "T0", userId: "UALICE", query: inChannel("CTEAM") };
    const found = await checkinFormFor(ctx(), slack(), request);
    expect(found.kind === "found" && found.team.previous?.sameRound).toBe(false);
    await answer(database.db, { mlTeamId: id, period: "2026-11-23", userId: "UALICE", met: upTo(1) });
    const again = await checkinFormFor(ctx(), slack(), request);
    expect(again.kind === "found" && again.team.previous?.sameRound).toBe(true);
  });

  it("finds no team for the same channel id in another workspace", async () => {
    await seeded();
    const request = { teamId: "T9", userId: "UMALLORY", query: inChannel("CTEAM") };
    expect(await checkinFormFor(ctx(), slack(), request)).toEqual({
      kind: "no-team",
      channelId: "CTEAM",
      mentioned: false,
    });
  });
});

describe("checkinFormForButton", () => {
  it("opens the team the button names, or the team of the channel it was clicked in", async () => {
    const id = await seeded();
    const byId = await checkinFormForButton(
      ctx(),
      slack(),
      { teamId: "T0", userId: "UBOB", target: { mlTeamId: id } },
      "home",
    );
    expect(byId).toMatchObject({ team: { id }, origin: "home" });
    const byChannel = { teamId: "T0", userId: "UBOB", target: { channelId: "CTEAM" } };
    expect(await checkinFormForButton(ctx(), slack(), byChannel, "channel")).toMatchObject({ team: { id } });
  });

  it("opens nothing for another workspace's team, or a button naming nothing", async () => {
    const id = await seeded();
    const stranger = { teamId: "T9", userId: "UMALLORY", target: { mlTeamId: id } };
    expect(await checkinFormForButton(ctx(), slack(), stranger, "channel")).toBeNull();
    expect(
      await checkinFormForButton(ctx(), slack(), { teamId: "T0", userId: "UBOB", target: null }, "channel"),
    ).toBeNull();
  });
});

describe("submitCheckin", () => {
  it("stores the answer for the current round, adds the person as a respondent and remembers their role", async () => {
    const id = await seeded();
    const outcome = await submitCheckin(ctx(), slack(), {
      teamId: "T0",
      userId: "UBOB",
      mlTeamId: id,
      answer: LEVEL_1,
    });
    expect(outcome).toMatchObject({
      kind: "saved",
      team: { teamId: "T0", name: "Platform", channelId: "CTEAM" },
      result: { evaluation: { level: 1, next: "ds_de_collaboration" } },
    });
    const stored = await database.db.selectFrom("answers").selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ period: "2026-11-23", user_id: "UBOB", note: "builds are automated" });
    expect(await respondentsOf(database.db, id)).toEqual(["UALICE", "UBOB"]);
    expect(await findRole(database.db, "T0", "UBOB")).toBe("data_engineer");
  });

  it("counts everyone's latest answer of the round in the result", async () => {
    const id = await seeded();
    await answer(database.db, { mlTeamId: id, period: "2026-11-23", userId: "UALICE", met: [] });
    const outcome = await submitCheckin(ctx(), slack(), {
      teamId: "T0",
      userId: "UBOB",
      mlTeamId: id,
      answer: LEVEL_1,
    });
    // One of two says level 1's practices are in place: a split is not met.
    expect(outcome.kind === "saved" && outcome.result.evaluation.level).toBe(0);
  });

  it("stores nothing when the team is gone or belongs to another workspace", async () => {
    const id = await seeded();
    for (const request of [
      { teamId: "T9", userId: "UMALLORY", mlTeamId: id, answer: LEVEL_1 },
      { teamId: "T0", userId: "UBOB", mlTeamId: id + 1, answer: LEVEL_1 },
    ]) {
      expect(await submitCheckin(ctx(), slack(), request)).toEqual({ kind: "team-gone" });
    }
    expect(await database.db.selectFrom("answers").selectAll().execute()).toEqual([]);
  });
});

describe("who may answer for a team", () => {
  const refusedByPlatform = (unverified: string | undefined) => ({
    kind: "refused",
    team: { name: "Platform", channelId: "CTEAM", createdBy: "UCREATOR" },
    unverified,
  });

  it("lets a respondent answer without asking Slack", async () => {
    const id = await seeded();
    const directory = slack();
    const request = { teamId: "T0", userId: "UALICE", query: inChannel("CTEAM") };
    expect(await checkinFormFor(ctx(), directory, request)).toMatchObject({ kind: "found" });
    const submitted = { teamId: "T0", userId: "UALICE", mlTeamId: id, answer: LEVEL_1 };
    expect(await submitCheckin(ctx(), directory, submitted)).toMatchObject({ kind: "saved" });
    expect(directory.membershipsAsked).toEqual([]);
  });

  it("lets a member of the team's channel answer, who is then a respondent and not asked about again", async () => {
    const id = await seeded();
    const directory = slack();
    const submitted = { teamId: "T0", userId: "UBOB", mlTeamId: id, answer: LEVEL_1 };
    expect(await submitCheckin(ctx(), directory, submitted)).toMatchObject({ kind: "saved" });
    const request = { teamId: "T0", userId: "UBOB", query: inChannel("CTEAM") };
    expect(await checkinFormFor(ctx(), directory, request)).toMatchObject({ kind: "found" });
    expect(directory.membershipsAsked).toEqual(["CTEAM:UBOB"]);
  });

  it("refuses anyone else when the form opens, by command or button, and when it is submitted", async () => {
    const id = await seeded();
    const request = { teamId: "T0", userId: "UCAROL", query: inChannel("CTEAM") };
    expect(await checkinFormFor(ctx(), slack(), request)).toEqual(refusedByPlatform(undefined));
    for (const target of [{ mlTeamId: id }, { channelId: "CTEAM" }]) {
      const button = { teamId: "T0", userId: "UCAROL", target };
      expect(await checkinFormForButton(ctx(), slack(), button, "channel")).toEqual(
        refusedByPlatform(undefined),
      );
    }
    const submitted = { teamId: "T0", userId: "UCAROL", mlTeamId: id, answer: LEVEL_1 };
    expect(await submitCheckin(ctx(), slack(), submitted)).toEqual(refusedByPlatform(undefined));
    expect(await database.db.selectFrom("answers").selectAll().execute()).toEqual([]);
    expect(await respondentsOf(database.db, id)).toEqual(["UALICE"]);
  });

  it("refuses, saying why, when Slack will not tell whether the person is in the channel", async () => {
    const id = await seeded();
    const blind = knownPeople({}); // a private channel the bot is not in: channel_not_found
    const submitted = { teamId: "T0", userId: "UBOB", mlTeamId: id, answer: LEVEL_1 };
    expect(await submitCheckin(ctx(), blind, submitted)).toEqual(refusedByPlatform("channel_not_found"));
    expect(await respondentsOf(database.db, id)).toEqual(["UALICE"]);
  });
});
