import { describe, expect, it } from "vitest";
import { lastDay, ORDER, promptUnit, reminderUnits } from "../../src/scheduler/units.js";
import { visibleText } from "../support/messages.js";
import { outbox, planInput, workAt } from "../support/plans.js";

// Team 7 in Berlin, round of Mon 23 Mar 2026: prompted at 10:00 CET (09:00Z), reminded Thu 26 Mar 09:00Z;
// the round's last day is Sun 29 Mar.
const PROMPT = "prompt:7:2026-03-23";
const promptSent = { key: PROMPT, finishedAt: new Date("2026-03-23T09:00:30Z") };

describe("promptUnit", () => {
  it("is one message to the team's channel, claimed fresh, naming the respondents and the last day", () => {
    const at = "2026-03-23T09:30:00Z";
    const [unit, ...more] = promptUnit(workAt(at), planInput({ at, respondents: { 7: ["UALICE", "UBOB"] } }));
    expect(more).toEqual([]);
    expect(unit).toMatchObject({
      key: PROMPT,
      teamId: "T0",
      mlTeamId: 7,
      kind: "prompt",
      period: "2026-03-23",
      group: "prompt",
      channel: "C7",
      claim: { mode: "insert" },
      order: ORDER.prompt,
    });
    const shown = visibleText(unit?.message);
    expect(shown).toContain("<@UALICE> and <@UBOB>");
    expect(shown).toContain("Sun 29 Mar (Europe/Berlin)");
  });

  it("is nothing before the check-in time, or once the prompt was sent", () => {
    const early = "2026-03-23T08:59:00Z";
    expect(promptUnit(workAt(early), planInput({ at: early }))).toEqual([]);
    const later = "2026-03-23T10:00:00Z";
    const sent = outbox([promptSent]);
    expect(promptUnit(workAt(later, undefined, sent), planInput({ at: later, lookup: sent }))).toEqual([]);
  });
});

describe("reminderUnits", () => {
  const at = "2026-03-26T09:00:00Z";
  const reminder = (userId: string) => `reminder:7:2026-03-23:${userId}`;

  it("direct-messages each respondent who has not answered and has not been reminded", () => {
    const lookup = outbox([
      promptSent,
      { key: reminder("UBOB") },
      // A reminder that failed transiently an hour ago is tried again.
      {
        key: reminder("UDAN"),
        status: "failed",
        error: "ratelimited",
        finishedAt: new Date("2026-03-26T08:00:00Z"),
      },
    ]);
    const input = planInput({
      at,
      lookup,
      respondents: { 7: ["UALICE", "UBOB", "UCAROL", "UDAN"] },
      answers: [{ ml_team_id: 7, period: "2026-03-23", user_id: "UALICE" }],
    });
    const { units } = reminderUnits(workAt(at, undefined, lookup), input);
    expect(units.map((u) => [u.channel, u.key, u.claim])).toEqual([
      ["UCAROL", reminder("UCAROL"), { mode: "insert" }],
      ["UDAN", reminder("UDAN"), { mode: "reclaim", attempts: 1 }],
    ]);
    expect(units.every((u) => u.group === "reminder" && u.kind === "reminder" && u.mlTeamId === 7)).toBe(
      true,
    );
    expect(visibleText(units[0]?.message)).toContain("<#C7>");
  });

  it("is nothing when reminders are not due: before Thursday, or when the prompt went out too late", () => {
    const input = planInput({ at, respondents: { 7: ["UBOB"] } });
    const early = "2026-03-26T08:59:00Z";
    const sent = outbox([promptSent]);
    expect(reminderUnits(workAt(early, undefined, sent), { ...input, now: new Date(early) }).units).toEqual(
      [],
    );
    const lateLookup = outbox([{ key: PROMPT, finishedAt: new Date("2026-03-26T09:30:00Z") }]);
    expect(reminderUnits(workAt(at, undefined, lateLookup), { ...input, lookup: lateLookup }).units).toEqual(
      [],
    );
  });
});

describe("lastDay", () => {
  it("is the local date before the round ends, read in the zone given", () => {
    const { current } = workAt("2026-03-23T09:30:00Z").rounds;
    // The round ends at midnight starting Mon 30 Mar in Berlin, which is still Sun 29 Mar in UTC.
    expect(lastDay(current, "Europe/Berlin")).toBe("2026-03-29");
    expect(lastDay(current, "UTC")).toBe("2026-03-28");
  });
});
