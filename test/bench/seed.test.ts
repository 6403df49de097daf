import { describe, expect, it } from "vitest";
import { ORGANISATION, type OrgScale } from "../../bench/organisation.js";
import { countRows, seedOrganisation } from "../../bench/seed.js";
import { BENCH_ZONES, benchTimeline } from "../../bench/timeline.js";
import { aggregate } from "../../src/domain/aggregate.js";
import { roundAt } from "../../src/domain/calendar.js";
import { deliveryKeys } from "../../src/domain/due-work.js";
import { evaluate } from "../../src/domain/evaluate.js";
import {
  type CriterionId,
  isCriterionId,
  LADDERS,
  ladderChoice,
  ladderMet,
} from "../../src/domain/rubric.js";
import { useDatabase } from "../support/fixture.js";

// The benchmark's seeder at a tiny scale: its rows must mean what the product's rows mean.
const SCALE: OrgScale = { workspaces: 2, teamsPerWorkspace: 4, respondentsPerTeam: 3, rounds: 6 };
const timeline = benchTimeline(new Date("2026-11-26T22:00:00Z"), SCALE.rounds);

const database = useDatabase({ setup: (db) => seedOrganisation(db, SCALE, timeline) });

describe("benchTimeline", () => {
  it("anchors on Wednesday noon UTC of the current week and ticks the next Monday at 09:30 in New York", () => {
    expect(timeline.asOf.toISOString()).toBe("2026-11-25T12:00:00.000Z");
    expect(timeline.currentPeriod).toBe("2026-11-23");
    expect(timeline.periods).toEqual([
      "2026-10-19",
      "2026-10-26",
      "2026-11-02",
      "2026-11-09",
      "2026-11-16",
      "2026-11-23",
    ]);
    expect(timeline.tickAt.toISOString()).toBe("2026-11-30T14:30:00.000Z");
  });

  it("is the full organisation of the issue by default: 2,000 teams and about a million answers", () => {
    const teams = ORGANISATION.workspaces * ORGANISATION.teamsPerWorkspace;
    expect(teams).toBe(2_000);
    expect(teams * ORGANISATION.respondentsPerTeam * ORGANISATION.rounds).toBe(1_040_000);
  });
});

describe("seedOrganisation", () => {
  it("creates every workspace, team, respondent and role, and one snapshot per closed round", async () => {
    const rows = await countRows(database.db);
    const teams = SCALE.workspaces * SCALE.teamsPerWorkspace;
    expect(rows).toMatchObject({
      workspaces: 2,
      ml_teams: teams,
      team_respondents: teams * SCALE.respondentsPerTeam,
      people: teams * SCALE.respondentsPerTeam,
      round_snapshots: teams * (SCALE.rounds - 1),
    });
    expect(rows.answers).toBeGreaterThan(0.8 * teams * SCALE.respondentsPerTeam * SCALE.rounds);
    expect(rows.answers).toBeLessThanOrEqual(teams * SCALE.respondentsPerTeam * SCALE.rounds);
    const zones = await database.db.selectFrom("ml_teams").select("time_zone").distinct().execute();
    expect(zones.map((z) => z.time_zone).sort()).toEqual([...BENCH_ZONES].sort());
    const digests = await database.db.selectFrom("workspaces").select("digest_channel_id").execute();
    expect(digests.every((w) => w.digest_channel_id !== null)).toBe(true);
  });

  it("stores each answer under the period roundAt gives in the team's zone, with rubric ids and whole ladders", async () => {
    const answers = await database.db
      .selectFrom("answers as a")
      .innerJoin("ml_teams as t", "t.id", "a.ml_team_id")
      .select(["a.period", "a.met", "a.submitted_at", "t.time_zone", "t.checkin_day", "t.checkin_time"])
      .execute();
    for (const a of answers) {
      const schedule = {
        cadence: "weekly" as const,
        checkinDay: a.checkin_day,
        checkinTime: a.checkin_time,
        timeZone: a.time_zone,
      };
      expect(roundAt(schedule, a.submitted_at).period).toBe(a.period);
      expect(a.met.every(isCriterionId)).toBe(true);
      const met = new Set(a.met as CriterionId[]);
      for (const ladder of [LADDERS.people, LADDERS.release]) {
        const rungs = ladder.rungs.map((r) => r.id).filter((id) => met.has(id));
        expect(rungs).toEqual(ladderMet(ladder, ladderChoice(ladder, met)));
      }
    }
  });

  it("writes snapshots that agree with the product's aggregate() and evaluate()", async () => {
    const answers = await database.db.selectFrom("answers").select(["ml_team_id", "period", "met"]).execute();
    const snapshots = await database.db.selectFrom("round_snapshots").selectAll().execute();
    for (const s of snapshots) {
      const round = answers.filter((a) => a.ml_team_id === s.ml_team_id && a.period === s.period);
      const team = aggregate(round.map((a) => new Set(a.met as CriterionId[])));
      expect(s.answered).toBe(round.length);
      expect(s.level).toBe(round.length === 0 ? null : evaluate(team.met).level);
      expect(new Set(s.met)).toEqual(team.met);
      expect(new Set(s.disputed)).toEqual(team.disputed);
    }
  });

  it("leaves the outbox as the scheduler keys it: prompts of every round, digests of every closed one", async () => {
    const team = await database.db
      .selectFrom("ml_teams")
      .select("id")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const keys = new Set(
      (
        await database.db.selectFrom("deliveries").select("key").where("ml_team_id", "=", team.id).execute()
      ).map((d) => d.key),
    );
    const [previous, current] = timeline.periods.slice(-2) as [string, string];
    expect(keys).toContain(deliveryKeys.prompt(team.id, current));
    expect(keys).toContain(deliveryKeys.teamDigest(team.id, previous));
    expect(keys).toContain(deliveryKeys.nudge("manual_releases", team.id, previous));
    expect(keys).not.toContain(deliveryKeys.teamDigest(team.id, current));
    const org = await database.db
      .selectFrom("deliveries")
      .select("key")
      .where("kind", "=", "org_digest")
      .execute();
    expect(org.map((d) => d.key)).toContain(deliveryKeys.orgDigest("T000001", current));
  });
});
