import { describe, expect, it } from "vitest";
import type { TeamSchedule } from "../../src/domain/calendar.js";
import { roundRecency, roundResult } from "../../src/domain/round-result.js";
import { stored } from "../support/rounds.js";

describe("roundResult", () => {
  it("aggregates stored answers, counts support per criterion and evaluates the team's level", () => {
    const result = roundResult([
      stored(["automated_builds", "app_unit_tests"]),
      stored(["automated_builds"]),
      stored(["automated_builds", "app_unit_tests", "retired_criterion"]),
    ]);
    expect(result.respondents).toBe(3);
    expect([...result.met]).toEqual(["automated_builds", "app_unit_tests"]);
    expect([...result.disputed]).toEqual(["app_unit_tests"]);
    expect(result.support.get("automated_builds")).toBe(3);
    expect(result.support.get("app_unit_tests")).toBe(2);
    expect(result.evaluation).toMatchObject({ level: 0, next: "automated_app_releases" });
  });

  it("is level 0 with nothing met for a round without answers", () => {
    expect(roundResult([]).evaluation).toMatchObject({ level: 0, next: "automated_builds" });
  });
});

describe("roundRecency", () => {
  const weekly: TeamSchedule = {
    cadence: "weekly",
    checkinDay: 1,
    checkinTime: "10:00",
    timeZone: "Europe/Berlin",
  };
  const wednesday = new Date("2026-11-25T12:00:00Z");

  it("tells the current, the previous and older rounds apart", () => {
    expect(roundRecency(weekly, "2026-11-23", wednesday)).toBe("current");
    expect(roundRecency(weekly, "2026-11-16", wednesday)).toBe("previous");
    expect(roundRecency(weekly, "2026-11-09", wednesday)).toBe("older");
  });

  it("counts a later period left by a cadence change as current", () => {
    expect(roundRecency({ ...weekly, cadence: "monthly" }, "2026-11-23", wednesday)).toBe("current");
  });

  it("uses the team's time zone: Sunday night in UTC is already Monday in Tokyo", () => {
    const sundayNightUtc = new Date("2026-11-29T20:00:00Z");
    expect(roundRecency({ ...weekly, timeZone: "Asia/Tokyo" }, "2026-11-30", sundayNightUtc)).toBe("current");
    expect(roundRecency({ ...weekly, timeZone: "UTC" }, "2026-11-23", sundayNightUtc)).toBe("current");
  });
});
