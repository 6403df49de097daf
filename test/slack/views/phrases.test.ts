// Counts read as English wherever a person sees them: "1 team", "1 of 1 team checked in".
import { describe, expect, it } from "vitest";
import { plural, pluralOf } from "../../../src/slack/views/phrases.js";

describe("plural and pluralOf", () => {
  it("agree with the count, and with the total in “n of m”", () => {
    expect([0, 1, 2].map((n) => plural(n, "team"))).toEqual(["0 teams", "1 team", "2 teams"]);
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(3, "person", "people")).toBe("3 people");
    expect(pluralOf(1, 1, "team")).toBe("1 of 1 team");
    expect(pluralOf(0, 1, "respondent")).toBe("0 of 1 respondent");
    expect(pluralOf(1, 2, "team")).toBe("1 of 2 teams");
  });
});
