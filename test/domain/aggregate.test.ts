import { describe, expect, it } from "vitest";
import { aggregate } from "../../src/domain/aggregate.js";
import type { CriterionId } from "../../src/domain/rubric.js";

const yes = (...ids: CriterionId[]): ReadonlySet<CriterionId> => new Set(ids);

/** `yesCount` of `respondents` say automated_builds is met; everyone says managed_compute is met. */
function split(yesCount: number, respondents: number) {
  const answers = Array.from({ length: respondents }, (_, i) =>
    i < yesCount ? yes("automated_builds", "managed_compute") : yes("managed_compute"),
  );
  const team = aggregate(answers);
  return { met: team.met.has("automated_builds"), disputed: team.disputed.has("automated_builds") };
}

describe("aggregate", () => {
  it("returns empty sets for a round without answers", () => {
    const team = aggregate([]);
    expect(team.respondents).toBe(0);
    expect([...team.met]).toEqual([]);
    expect([...team.disputed]).toEqual([]);
  });

  it("takes a single respondent's answer as is, undisputed", () => {
    const team = aggregate([yes("automated_builds", "ab_testing")]);
    expect(team.respondents).toBe(1);
    expect([...team.met]).toEqual(["automated_builds", "ab_testing"]);
    expect([...team.disputed]).toEqual([]);
  });

  it("counts majorities per criterion with 3 respondents", () => {
    const team = aggregate([
      yes("automated_builds", "app_unit_tests", "ab_testing"),
      yes("automated_builds", "app_unit_tests"),
      yes("automated_builds"),
    ]);
    expect(team.respondents).toBe(3);
    expect([...team.met]).toEqual(["automated_builds", "app_unit_tests"]);
    expect([...team.disputed]).toEqual(["app_unit_tests", "ab_testing"]);
  });

  it.each([
    { yesCount: 3, respondents: 3, met: true, disputed: false },
    { yesCount: 0, respondents: 3, met: false, disputed: false },
    { yesCount: 1, respondents: 2, met: false, disputed: true },
    { yesCount: 2, respondents: 2, met: true, disputed: false },
    { yesCount: 2, respondents: 3, met: true, disputed: true },
    { yesCount: 1, respondents: 3, met: false, disputed: true },
    { yesCount: 3, respondents: 4, met: true, disputed: false },
    { yesCount: 2, respondents: 4, met: false, disputed: true },
    { yesCount: 1, respondents: 4, met: false, disputed: false },
    { yesCount: 4, respondents: 5, met: true, disputed: false },
    { yesCount: 3, respondents: 5, met: true, disputed: true },
    { yesCount: 2, respondents: 6, met: false, disputed: true },
    { yesCount: 5, respondents: 6, met: true, disputed: false },
  ])(
    "$yesCount of $respondents saying met → met $met, disputed $disputed",
    ({ yesCount, respondents, met, disputed }) => {
      expect(split(yesCount, respondents)).toEqual({ met, disputed });
    },
  );

  it("does not dispute a criterion everyone agrees on", () => {
    const team = aggregate([
      yes("managed_compute"),
      yes("managed_compute"),
      yes("managed_compute", "ab_testing"),
    ]);
    expect(team.met.has("managed_compute")).toBe(true);
    expect(team.disputed.has("managed_compute")).toBe(false);
    expect(team.disputed.has("ab_testing")).toBe(true);
  });
});
