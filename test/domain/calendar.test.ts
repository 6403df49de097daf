import { describe, expect, it } from "vitest";
import {
  type Cadence,
  DEFAULT_SCHEDULE,
  digestAt,
  nextRound,
  orgDigestWeek,
  previousRound,
  promptAt,
  type Round,
  reminderAt,
  roundAt,
  type TeamSchedule,
} from "../../src/domain/calendar.js";

const HOUR_MS = 3_600_000;

function schedule(timeZone: string, overrides: Partial<TeamSchedule> = {}): TeamSchedule {
  return { ...DEFAULT_SCHEDULE, timeZone, ...overrides };
}

/** A round as plain strings, so failures print readably. */
function shown(round: Round) {
  return { period: round.period, start: round.start.toISOString(), end: round.end.toISOString() };
}

const hoursIn = (round: Round) => (round.end.getTime() - round.start.getTime()) / HOUR_MS;
const at = (isoInstant: string) => new Date(isoInstant);

describe("weekly rounds", () => {
  const berlin = schedule("Europe/Berlin");
  const losAngeles = schedule("America/Los_Angeles");

  it("spans the Berlin spring change in 167 hours", () => {
    // Mon 2026-03-23 00:00 CET (+01) = 22 Mar 23:00Z; Mon 2026-03-30 00:00 CEST (+02) = 29 Mar 22:00Z.
    const round = roundAt(berlin, at("2026-03-25T12:00:00Z"));
    expect(shown(round)).toEqual({
      period: "2026-03-23",
      start: "2026-03-22T23:00:00.000Z",
      end: "2026-03-29T22:00:00.000Z",
    });
    expect(hoursIn(round)).toBe(167);
  });

  it("spans the Berlin autumn change in 169 hours", () => {
    // Mon 2026-10-19 00:00 CEST = 18 Oct 22:00Z; Mon 2026-10-26 00:00 CET = 25 Oct 23:00Z.
    const round = roundAt(berlin, at("2026-10-25T12:00:00Z"));
    expect(shown(round)).toEqual({
      period: "2026-10-19",
      start: "2026-10-18T22:00:00.000Z",
      end: "2026-10-25T23:00:00.000Z",
    });
    expect(hoursIn(round)).toBe(169);
  });

  it("spans the Los Angeles changes (2026-03-08 and 2026-11-01)", () => {
    // Mon 2 Mar 00:00 PST (-08) = 08:00Z; Mon 9 Mar 00:00 PDT (-07) = 07:00Z.
    const spring = roundAt(losAngeles, at("2026-03-08T18:00:00Z"));
    expect(shown(spring)).toEqual({
      period: "2026-03-02",
      start: "2026-03-02T08:00:00.000Z",
      end: "2026-03-09T07:00:00.000Z",
    });
    expect(hoursIn(spring)).toBe(167);
    // Mon 26 Oct 00:00 PDT = 07:00Z; Mon 2 Nov 00:00 PST = 08:00Z.
    const autumn = roundAt(losAngeles, at("2026-11-01T18:00:00Z"));
    expect(shown(autumn)).toEqual({
      period: "2026-10-26",
      start: "2026-10-26T07:00:00.000Z",
      end: "2026-11-02T08:00:00.000Z",
    });
    expect(hoursIn(autumn)).toBe(169);
  });

  it("uses half-hour offsets in Asia/Kolkata", () => {
    // Mon 2026-03-23 00:00 IST (+05:30) = 22 Mar 18:30Z.
    const kolkata = schedule("Asia/Kolkata");
    const round = roundAt(kolkata, at("2026-03-25T12:00:00Z"));
    expect(shown(round)).toEqual({
      period: "2026-03-23",
      start: "2026-03-22T18:30:00.000Z",
      end: "2026-03-29T18:30:00.000Z",
    });
    // Monday 10:00 IST = 04:30Z; Thursday 10:00 IST = 04:30Z; next Monday 09:00 IST = 03:30Z.
    expect(promptAt(kolkata, round).toISOString()).toBe("2026-03-23T04:30:00.000Z");
    expect(reminderAt(kolkata, round).toISOString()).toBe("2026-03-26T04:30:00.000Z");
    expect(digestAt(kolkata, round).toISOString()).toBe("2026-03-30T03:30:00.000Z");
  });

  it("runs from Monday midnight to Monday midnight in UTC", () => {
    const round = roundAt(schedule("UTC"), at("2026-01-01T00:00:00Z"));
    // 2026-01-01 is a Thursday.
    expect(shown(round)).toEqual({
      period: "2025-12-29",
      start: "2025-12-29T00:00:00.000Z",
      end: "2026-01-05T00:00:00.000Z",
    });
  });

  it("puts the instant of a round's start in the new round", () => {
    expect(roundAt(berlin, at("2026-03-22T23:00:00.000Z")).period).toBe("2026-03-23");
  });

  it("keeps Sunday 23:59 local in the old round", () => {
    // Sun 2026-03-22 23:59 CET = 22:59Z, and the last millisecond before Monday.
    expect(roundAt(berlin, at("2026-03-22T22:59:00.000Z")).period).toBe("2026-03-16");
    expect(roundAt(berlin, at("2026-03-22T22:59:59.999Z")).period).toBe("2026-03-16");
    // Sun 2026-03-08 23:59 PDT = 9 Mar 06:59Z.
    expect(roundAt(losAngeles, at("2026-03-09T06:59:00.000Z")).period).toBe("2026-03-02");
  });
});

describe("prompt, reminder and digest instants", () => {
  const berlin = schedule("Europe/Berlin");

  it("default Monday 10:00 prompt, Thursday reminder, next-Monday 09:00 digest", () => {
    const round = roundAt(berlin, at("2026-03-25T12:00:00Z"));
    // Mon 23 Mar 10:00 CET = 09:00Z; Thu 26 Mar 10:00 CET = 09:00Z; Mon 30 Mar 09:00 CEST = 07:00Z.
    expect(promptAt(berlin, round).toISOString()).toBe("2026-03-23T09:00:00.000Z");
    expect(reminderAt(berlin, round).toISOString()).toBe("2026-03-26T09:00:00.000Z");
    expect(digestAt(berlin, round).toISOString()).toBe("2026-03-30T07:00:00.000Z");
  });

  it("honours a custom day and time (Wednesday 14:30)", () => {
    const wednesday = schedule("Europe/Berlin", { checkinDay: 3, checkinTime: "14:30" });
    const round = roundAt(wednesday, at("2026-03-23T12:00:00Z"));
    // Wed 25 Mar 14:30 CET = 13:30Z; Sat 28 Mar 14:30 CET = 13:30Z.
    expect(promptAt(wednesday, round).toISOString()).toBe("2026-03-25T13:30:00.000Z");
    expect(reminderAt(wednesday, round).toISOString()).toBe("2026-03-28T13:30:00.000Z");
    // The digest does not depend on the check-in day: Mon 30 Mar 09:00 CEST = 07:00Z.
    expect(digestAt(wednesday, round).toISOString()).toBe("2026-03-30T07:00:00.000Z");
    // A week later, in summer time: Wed 1 Apr 14:30 CEST = 12:30Z.
    expect(promptAt(wednesday, nextRound(wednesday, round)).toISOString()).toBe("2026-04-01T12:30:00.000Z");
  });

  it("keeps the local time of a reminder that crosses the DST change", () => {
    const thursday = schedule("Europe/Berlin", { checkinDay: 4 });
    const round = roundAt(thursday, at("2026-03-23T12:00:00Z"));
    // Thu 26 Mar 10:00 CET = 09:00Z; Sun 29 Mar 10:00 CEST = 08:00Z.
    expect(promptAt(thursday, round).toISOString()).toBe("2026-03-26T09:00:00.000Z");
    expect(reminderAt(thursday, round).toISOString()).toBe("2026-03-29T08:00:00.000Z");
  });

  it("returns a reminder past the round's end unclamped (Friday prompt)", () => {
    const friday = schedule("Europe/Berlin", { checkinDay: 5 });
    const round = roundAt(friday, at("2026-03-23T12:00:00Z"));
    // Fri 27 Mar 10:00 CET = 09:00Z; Mon 30 Mar 10:00 CEST = 08:00Z, after the end at 29 Mar 22:00Z.
    expect(promptAt(friday, round).toISOString()).toBe("2026-03-27T09:00:00.000Z");
    const reminder = reminderAt(friday, round);
    expect(reminder.toISOString()).toBe("2026-03-30T08:00:00.000Z");
    expect(reminder.getTime()).toBeGreaterThanOrEqual(round.end.getTime());
  });

  it("resolves a check-in time in the DST gap to just after it", () => {
    const sundayEarly = schedule("Europe/Berlin", { checkinDay: 7, checkinTime: "02:30" });
    const round = roundAt(sundayEarly, at("2026-03-25T12:00:00Z"));
    // Sun 29 Mar 02:30 does not exist; it becomes 03:30 CEST = 01:30Z.
    expect(promptAt(sundayEarly, round).toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });
});

describe("biweekly rounds", () => {
  const utc = schedule("UTC", { cadence: "biweekly" });

  it("starts rounds on 2024-01-01 and 2024-01-15, not 2024-01-08", () => {
    expect(shown(roundAt(utc, at("2024-01-01T00:00:00Z")))).toEqual({
      period: "2024-01-01",
      start: "2024-01-01T00:00:00.000Z",
      end: "2024-01-15T00:00:00.000Z",
    });
    expect(roundAt(utc, at("2024-01-08T12:00:00Z")).period).toBe("2024-01-01");
    expect(roundAt(utc, at("2024-01-14T23:59:59.999Z")).period).toBe("2024-01-01");
    expect(roundAt(utc, at("2024-01-15T00:00:00Z")).period).toBe("2024-01-15");
  });

  it("extends the anchor backwards", () => {
    // 2023-12-18 is 14 days before the anchor.
    expect(roundAt(utc, at("2023-12-31T12:00:00Z")).period).toBe("2023-12-18");
    expect(roundAt(utc, at("2023-12-17T12:00:00Z")).period).toBe("2023-12-04");
  });

  it("counts fortnights in local dates (Berlin, across the spring change)", () => {
    const berlin = schedule("Europe/Berlin", { cadence: "biweekly", checkinDay: 3 });
    // 2026-03-23 is day 812 = 58 × 14 after the anchor; 6 Apr 00:00 CEST = 5 Apr 22:00Z.
    const round = roundAt(berlin, at("2026-04-01T12:00:00Z"));
    expect(shown(round)).toEqual({
      period: "2026-03-23",
      start: "2026-03-22T23:00:00.000Z",
      end: "2026-04-05T22:00:00.000Z",
    });
    expect(hoursIn(round)).toBe(14 * 24 - 1);
    // Prompt in the first week: Wed 25 Mar 10:00 CET = 09:00Z; digest Mon 6 Apr 09:00 CEST = 07:00Z.
    expect(promptAt(berlin, round).toISOString()).toBe("2026-03-25T09:00:00.000Z");
    expect(digestAt(berlin, round).toISOString()).toBe("2026-04-06T07:00:00.000Z");
  });
});

describe("monthly rounds", () => {
  it("covers February of a leap year", () => {
    const berlin = schedule("Europe/Berlin", { cadence: "monthly" });
    // 1 Feb 00:00 CET = 31 Jan 23:00Z; 1 Mar 00:00 CET = 29 Feb 23:00Z; 29 days.
    const round = roundAt(berlin, at("2024-02-29T12:00:00Z"));
    expect(shown(round)).toEqual({
      period: "2024-02-01",
      start: "2024-01-31T23:00:00.000Z",
      end: "2024-02-29T23:00:00.000Z",
    });
    expect(hoursIn(round)).toBe(29 * 24);
    // 2024-02-01 is a Thursday, so the first Monday is 5 Feb: 10:00 CET = 09:00Z; reminder Thu 8 Feb.
    expect(promptAt(berlin, round).toISOString()).toBe("2024-02-05T09:00:00.000Z");
    expect(reminderAt(berlin, round).toISOString()).toBe("2024-02-08T09:00:00.000Z");
    // Ends Friday 1 Mar, so the digest waits for Monday 4 Mar 09:00 CET = 08:00Z.
    expect(digestAt(berlin, round).toISOString()).toBe("2024-03-04T08:00:00.000Z");
  });

  it("rolls December into January (Los Angeles)", () => {
    const losAngeles = schedule("America/Los_Angeles", { cadence: "monthly" });
    // 07:00Z on 1 Jan 2027 is still 23:00 on 31 Dec in Los Angeles (PST, -08).
    const december = roundAt(losAngeles, at("2027-01-01T07:00:00Z"));
    expect(shown(december)).toEqual({
      period: "2026-12-01",
      start: "2026-12-01T08:00:00.000Z",
      end: "2027-01-01T08:00:00.000Z",
    });
    expect(shown(nextRound(losAngeles, december))).toEqual({
      period: "2027-01-01",
      start: "2027-01-01T08:00:00.000Z",
      end: "2027-02-01T08:00:00.000Z",
    });
  });

  it("loses an hour in March (Berlin) and prompts on the 1st when it is the check-in day", () => {
    const berlin = schedule("Europe/Berlin", { cadence: "monthly" });
    const march = roundAt(berlin, at("2026-03-15T12:00:00Z"));
    // 1 Mar 00:00 CET = 28 Feb 23:00Z; 1 Apr 00:00 CEST = 31 Mar 22:00Z.
    expect(shown(march)).toEqual({
      period: "2026-03-01",
      start: "2026-02-28T23:00:00.000Z",
      end: "2026-03-31T22:00:00.000Z",
    });
    expect(hoursIn(march)).toBe(31 * 24 - 1);
    // March ends on Wednesday 1 Apr: digest on Monday 6 Apr 09:00 CEST = 07:00Z.
    expect(digestAt(berlin, march).toISOString()).toBe("2026-04-06T07:00:00.000Z");
    // 2026-06-01 is a Monday: 10:00 CEST = 08:00Z.
    const june = roundAt(berlin, at("2026-06-10T12:00:00Z"));
    expect(promptAt(berlin, june).toISOString()).toBe("2026-06-01T08:00:00.000Z");
  });
});

describe("next and previous rounds", () => {
  const zones = ["Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "UTC", "America/Santiago"];
  const cadences: Cadence[] = ["weekly", "biweekly", "monthly"];
  const instants = [
    "2026-03-29T01:30:00Z",
    "2026-10-25T12:00:00Z",
    "2026-11-01T09:30:00Z",
    "2024-02-29T00:00:00Z",
  ];

  for (const cadence of cadences) {
    it(`round-trips ${cadence} rounds and leaves no gaps`, () => {
      for (const timeZone of zones) {
        const team = schedule(timeZone, { cadence });
        for (const instant of instants) {
          const round = roundAt(team, at(instant));
          const next = nextRound(team, round);
          const previous = previousRound(team, round);
          expect(shown(previousRound(team, next))).toEqual(shown(round));
          expect(shown(nextRound(team, previous))).toEqual(shown(round));
          expect(next.start).toEqual(round.end);
          expect(previous.end).toEqual(round.start);
        }
      }
    });
  }

  it("steps weekly periods by seven local days", () => {
    const berlin = schedule("Europe/Berlin");
    const round = roundAt(berlin, at("2026-03-25T12:00:00Z"));
    expect(previousRound(berlin, round).period).toBe("2026-03-16");
    expect(shown(nextRound(berlin, round))).toEqual({
      period: "2026-03-30",
      start: "2026-03-29T22:00:00.000Z",
      end: "2026-04-05T22:00:00.000Z",
    });
  });

  it("always contains the instant it was asked about, across a year of awkward zones", () => {
    // Santiago changes at local midnight, Lord Howe by 30 minutes, Chatham sits at +12:45/+13:45.
    const awkward = ["America/Santiago", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"];
    const step = 7 * HOUR_MS + 13 * 60_000;
    for (const timeZone of awkward) {
      for (const cadence of cadences) {
        const team = schedule(timeZone, { cadence });
        for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += step) {
          const round = roundAt(team, new Date(t));
          expect(round.start.getTime()).toBeLessThanOrEqual(t);
          expect(round.end.getTime()).toBeGreaterThan(t);
        }
      }
    }
  });
});

describe("org digest week", () => {
  it("is due Monday 09:00 in the given zone", () => {
    // Mon 2026-03-23 00:30 IST = 22 Mar 19:00Z; 09:00 IST = 03:30Z; next Monday 00:00 IST = 29 Mar 18:30Z.
    const week = orgDigestWeek("Asia/Kolkata", at("2026-03-22T19:00:00Z"));
    expect({ ...week, dueAt: week.dueAt.toISOString(), end: week.end.toISOString() }).toEqual({
      period: "2026-03-23",
      dueAt: "2026-03-23T03:30:00.000Z",
      end: "2026-03-29T18:30:00.000Z",
    });
  });

  it("still belongs to the previous week on Sunday night local", () => {
    // Sun 2026-03-22 23:30 IST = 18:00Z.
    expect(orgDigestWeek("Asia/Kolkata", at("2026-03-22T18:00:00Z")).period).toBe("2026-03-16");
  });

  it("follows DST in Los Angeles", () => {
    // Mon 9 Mar 09:00 PDT (-07) = 16:00Z.
    const week = orgDigestWeek("America/Los_Angeles", at("2026-03-12T00:00:00Z"));
    expect(week.period).toBe("2026-03-09");
    expect(week.dueAt.toISOString()).toBe("2026-03-09T16:00:00.000Z");
  });
});

describe("invalid input", () => {
  it("throws RangeError for an unknown time zone", () => {
    const mars = schedule("Mars/Olympus");
    expect(() => roundAt(mars, at("2026-03-25T12:00:00Z"))).toThrow(RangeError);
    expect(() => orgDigestWeek("", at("2026-03-25T12:00:00Z"))).toThrow(RangeError);
  });

  it("throws RangeError for a malformed check-in time", () => {
    const round = roundAt(schedule("UTC"), at("2026-03-25T12:00:00Z"));
    expect(() => promptAt(schedule("UTC", { checkinTime: "25:00" }), round)).toThrow(RangeError);
  });

  it("keeps DEFAULT_SCHEDULE frozen at Monday 10:00 weekly", () => {
    expect(DEFAULT_SCHEDULE).toEqual({ cadence: "weekly", checkinDay: 1, checkinTime: "10:00" });
    expect(Object.isFrozen(DEFAULT_SCHEDULE)).toBe(true);
  });
});
