import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  isValidLocalDate,
  isValidLocalTime,
  isValidTimeZone,
  localParts,
  spelledTimeZone,
  weekdayOf,
  zonedInstant,
} from "../../src/domain/zoned-time.js";

const iso = (instant: Date) => instant.toISOString();

describe("isValidTimeZone", () => {
  it.each(["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Etc/GMT+5", "europe/berlin"])(
    "accepts the IANA name %j",
    (timeZone) => {
      expect(isValidTimeZone(timeZone)).toBe(true);
    },
  );

  it.each(["", "Mars/Olympus", "+05:00", "-08:00", "UTC+5", "Europe/Berlin ", "Berlin"])(
    "rejects %j",
    (timeZone) => {
      expect(isValidTimeZone(timeZone)).toBe(false);
    },
  );

  it.each(["utc", "Etc/UTC", "US/Eastern"])("accepts %j", (timeZone) => {
    expect(isValidTimeZone(timeZone)).toBe(true);
  });

  // Intl knows these, but they are fixed offsets or legacy aliases: "EST" is UTC-5 even in a New York summer.
  it.each(["EST", "est", "CET", "MST", "EST5EDT", "GMT", "Zulu"])(
    "rejects the abbreviation %j, which lacks a region's daylight-saving rules",
    (timeZone) => {
      expect(isValidTimeZone(timeZone)).toBe(false);
    },
  );
});

describe("spelledTimeZone", () => {
  // Current IANA names that ICU (Node 20's Intl) files under an older link name: Intl alone would rename them.
  const CURRENT = [
    "Asia/Kolkata",
    "Europe/Kyiv",
    "Asia/Ho_Chi_Minh",
    "Asia/Kathmandu",
    "Asia/Yangon",
    "America/Nuuk",
    "Atlantic/Faroe",
    "Pacific/Kanton",
    "Pacific/Chuuk",
    "Pacific/Pohnpei",
    "America/Argentina/Buenos_Aires",
    "America/Argentina/Catamarca",
    "America/Argentina/Cordoba",
    "America/Argentina/Jujuy",
    "America/Argentina/Mendoza",
    "America/Indiana/Indianapolis",
    "America/Kentucky/Louisville",
  ];

  it.each(CURRENT)("keeps %j, typed in any case, as IANA spells it, never as an older alias", (name) => {
    for (const typed of [name, name.toLowerCase(), ` ${name} `]) expect(spelledTimeZone(typed)).toBe(name);
  });

  it.each([
    ["europe/berlin", "Europe/Berlin"],
    ["america/port-au-prince", "America/Port-au-Prince"],
    ["europe/isle_of_man", "Europe/Isle_of_Man"],
    ["antarctica/dumontdurville", "Antarctica/DumontDUrville"],
    ["Asia/Calcutta", "Asia/Calcutta"],
    ["utc", "UTC"],
    ["Etc/UTC", "UTC"],
    ["US/Eastern", "US/Eastern"],
  ])("spells %j as %j", (typed, spelled) => {
    expect(spelledTimeZone(typed)).toBe(spelled);
  });

  it("spells every zone name the runtime knows as the runtime does", () => {
    for (const name of Intl.supportedValuesOf("timeZone"))
      expect(spelledTimeZone(name.toUpperCase())).toBe(name);
  });
});

describe("isValidLocalTime", () => {
  it.each(["00:00", "09:05", "10:00", "23:59"])("accepts %j", (time) => {
    expect(isValidLocalTime(time)).toBe(true);
  });

  it.each(["", "9:00", "24:00", "10:60", "10:00:00", " 10:00", "1000", "ab:cd"])("rejects %j", (time) => {
    expect(isValidLocalTime(time)).toBe(false);
  });
});

describe("isValidLocalDate", () => {
  it("accepts real days, including 29 February of a leap year", () => {
    expect(isValidLocalDate("2024-02-29")).toBe(true);
    expect(isValidLocalDate("2026-12-31")).toBe(true);
  });

  it.each(["2026-02-29", "2026-13-01", "2026-04-31", "2026-1-01", "26-01-01", "2026-01-01T00:00"])(
    "rejects %j",
    (date) => {
      expect(isValidLocalDate(date)).toBe(false);
    },
  );
});

describe("localParts", () => {
  it("reads the Berlin wall clock just after the spring change", () => {
    // 01:00Z on 2026-03-29 is the first instant of CEST (+02:00): 03:00, a Sunday.
    expect(localParts(new Date("2026-03-29T01:00:00Z"), "Europe/Berlin")).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 3,
      minute: 0,
      weekday: 7,
      date: "2026-03-29",
    });
  });

  it("handles a half-hour zone crossing into Monday", () => {
    // 18:30Z Sunday + 05:30 = Monday 00:00 IST.
    expect(localParts(new Date("2026-03-22T18:30:00Z"), "Asia/Kolkata")).toMatchObject({
      date: "2026-03-23",
      hour: 0,
      minute: 0,
      weekday: 1,
    });
  });

  it("puts a UTC new-year instant on New Year's Eve in Los Angeles", () => {
    // 07:59:59Z - 8 h (PST) = 23:59:59 on Thursday 2026-12-31; seconds are dropped.
    expect(localParts(new Date("2027-01-01T07:59:59.999Z"), "America/Los_Angeles")).toMatchObject({
      date: "2026-12-31",
      hour: 23,
      minute: 59,
      weekday: 4,
    });
  });

  it("throws for an unknown zone", () => {
    expect(() => localParts(new Date("2026-01-01T00:00:00Z"), "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("zonedInstant", () => {
  it("resolves ordinary times with the offset in force", () => {
    // Berlin winter +01:00, summer +02:00; Kolkata +05:30 all year; UTC +00:00.
    expect(iso(zonedInstant("2026-01-15", "10:00", "Europe/Berlin"))).toBe("2026-01-15T09:00:00.000Z");
    expect(iso(zonedInstant("2026-07-15", "10:00", "Europe/Berlin"))).toBe("2026-07-15T08:00:00.000Z");
    expect(iso(zonedInstant("2026-03-23", "10:00", "Asia/Kolkata"))).toBe("2026-03-23T04:30:00.000Z");
    expect(iso(zonedInstant("2026-03-23", "10:00", "UTC"))).toBe("2026-03-23T10:00:00.000Z");
  });

  it("moves a time in the spring-forward gap forward by the gap (Berlin)", () => {
    // 02:00–03:00 does not exist on 2026-03-29; 02:30 read at +01:00 is 01:30Z = 03:30 CEST.
    expect(iso(zonedInstant("2026-03-29", "02:30", "Europe/Berlin"))).toBe("2026-03-29T01:30:00.000Z");
    // The gap's first minute becomes the change itself: 01:00Z = 03:00 CEST.
    expect(iso(zonedInstant("2026-03-29", "02:00", "Europe/Berlin"))).toBe("2026-03-29T01:00:00.000Z");
    // Just after the gap, the normal summer offset: 03:00 CEST = 01:00Z.
    expect(iso(zonedInstant("2026-03-29", "03:00", "Europe/Berlin"))).toBe("2026-03-29T01:00:00.000Z");
  });

  it("moves a time in the spring-forward gap forward by the gap (Los Angeles)", () => {
    // 02:00–03:00 does not exist on 2026-03-08; 02:30 read at -08:00 is 10:30Z = 03:30 PDT.
    expect(iso(zonedInstant("2026-03-08", "02:30", "America/Los_Angeles"))).toBe("2026-03-08T10:30:00.000Z");
  });

  it("takes the earlier instant of an ambiguous fall-back time", () => {
    // Berlin 2026-10-25 02:30 happens at +02:00 (00:30Z) and again at +01:00 (01:30Z).
    expect(iso(zonedInstant("2026-10-25", "02:30", "Europe/Berlin"))).toBe("2026-10-25T00:30:00.000Z");
    // Los Angeles 2026-11-01 01:30 happens at -07:00 (08:30Z) and again at -08:00 (09:30Z).
    expect(iso(zonedInstant("2026-11-01", "01:30", "America/Los_Angeles"))).toBe("2026-11-01T08:30:00.000Z");
  });

  it("resolves a midnight that does not exist (Santiago springs forward at 00:00)", () => {
    // 2026-09-06 00:00 -04:00 becomes 01:00 -03:00, which is 04:00Z.
    expect(iso(zonedInstant("2026-09-06", "00:00", "America/Santiago"))).toBe("2026-09-06T04:00:00.000Z");
  });

  it("round-trips through localParts", () => {
    const instant = zonedInstant("2026-11-01", "23:45", "Pacific/Chatham");
    // Chatham is +13:45 in November: 23:45 local = 10:00Z the same day.
    expect(iso(instant)).toBe("2026-11-01T10:00:00.000Z");
    expect(localParts(instant, "Pacific/Chatham")).toMatchObject({
      date: "2026-11-01",
      hour: 23,
      minute: 45,
    });
  });

  it("throws RangeError for malformed input", () => {
    expect(() => zonedInstant("2026-02-30", "10:00", "UTC")).toThrow(RangeError);
    expect(() => zonedInstant("2026-03-01", "24:00", "UTC")).toThrow(RangeError);
    expect(() => zonedInstant("2026-03-01", "10:00", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("local date arithmetic", () => {
  it("adds days across month, leap-day and year boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    // A DST weekend has no effect on calendar dates.
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2026-03-28", 0)).toBe("2026-03-28");
  });

  it("names ISO weekdays", () => {
    expect(weekdayOf("2024-01-01")).toBe(1);
    expect(weekdayOf("2026-03-25")).toBe(3);
    expect(weekdayOf("2026-03-29")).toBe(7);
  });

  it("counts days between dates", () => {
    // 2024 has 366 days, 2025 has 365; then 31 + 28 + 24 more to 25 March.
    expect(daysBetween("2024-01-01", "2026-03-25")).toBe(814);
    expect(daysBetween("2024-01-01", "2023-12-25")).toBe(-7);
  });
});
