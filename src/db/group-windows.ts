// A group's roll-up reads, of each team's newest ROLLUP_ROUNDS closed rounds, only what its figures need (the
// domain's RoundWindow): the database picks those few values out of each team's rounds, so a 500-team group
// comes back as 500 short rows instead of 2,500 whole snapshots parsed and walked in JavaScript.
import { type Kysely, sql } from "kysely";
import { ROLLUP_ROUNDS, type RollupTeam } from "../domain/group-rollup.js";
import { exemptionsOf } from "../domain/not-applicable.js";
import type { LevelRound } from "../domain/org-digest.js";
import { type CriterionId, isCriterionId } from "../domain/rubric.js";
import { splitMet } from "./answers.js";
import { preparedQuery } from "./prepared.js";
import type { Database, MlTeam } from "./schema.js";
import { storedLevel } from "./snapshots.js";

interface WindowRow extends GroupWindowTeam {
  id: number;
  name: string;
  channelId: string;
  /** The newest round: null columns when the team has none. */
  prompted: boolean | null;
  answered: number | null;
  expected: number | null;
  away: number | null;
  recentLevel: number | null;
  closedAt: Date | null;
  /** The newest round with answers, the latest with answers before the newest round, the oldest with answers. */
  latestPeriod: string | null;
  latestClosedAt: Date | null;
  latestLevel: number | null;
  latestMet: string | null;
  latestNa: Record<string, unknown> | null;
  beforePeriod: string | null;
  beforeClosedAt: Date | null;
  beforeLevel: number | null;
  beforeMet: string | null;
  oldestPeriod: string | null;
  oldestClosedAt: Date | null;
  oldestLevel: number | null;
  oldestMet: string | null;
}

/** A team of the group as its roll-up reads it, with its workspace and schedule (where strict judges rounds). */
export type GroupWindowTeam = RollupTeam &
  Pick<MlTeam, "team_id" | "cadence" | "checkin_day" | "checkin_time" | "time_zone">;

/** The group's teams, in id order, each with what the roll-up reads of its newest ROLLUP_ROUNDS closed rounds. */
export async function groupWindows(db: Kysely<Database>, groupId: number): Promise<GroupWindowTeam[]> {
  return (await windowsOfGroup(db, groupId)).map(rollupTeamOf);
}

// Prepared: planning this statement took as long as running it for 500 teams.
const windowsOfGroup = preparedQuery("group_windows", (db: Kysely<Database>, groupId: number) => {
  // One index walk of at most ROLLUP_ROUNDS snapshots per team, numbered newest first (`rn` 1); the window
  // functions find which of them are its newest with answers, the one before, and its oldest with answers;
  // each figure is then the one value its filter leaves. Criteria come back joined into one string (criterion
  // ids hold no comma), which parses far faster than a text[]; only the three rounds read are joined (the
  // oldest's practices: under the strict policy its level is counted again without disputed ones).
  const query = sql<WindowRow>`
    select t.id, t.name, t.channel_id as "channelId",
      t.team_id, t.cadence, t.checkin_day, t.checkin_time, t.time_zone,
      w.prompted, w.answered, w.expected, w.away, w."recentLevel", w."closedAt",
      w."latestPeriod", w."latestClosedAt", w."latestLevel",
      array_to_string(w."latestMet", ',') as "latestMet", w."latestNa",
      w."beforePeriod", w."beforeClosedAt", w."beforeLevel",
      array_to_string(w."beforeMet", ',') as "beforeMet",
      w."oldestPeriod", w."oldestClosedAt", w."oldestLevel",
      array_to_string(w."oldestMet", ',') as "oldestMet"
    from ml_group_teams m
    join ml_teams t on t.id = m.ml_team_id
    cross join lateral (
      select
        bool_or(prompted) filter (where rn = 1) as prompted,
        max(answered) filter (where rn = 1) as answered,
        max(expected) filter (where rn = 1) as expected,
        max(away) filter (where rn = 1) as away,
        max(level) filter (where rn = 1) as "recentLevel",
        max(closed_at) filter (where rn = 1) as "closedAt",
        max(period) filter (where rn = latest) as "latestPeriod",
        max(closed_at) filter (where rn = latest) as "latestClosedAt",
        max(level) filter (where rn = latest) as "latestLevel",
        max(met) filter (where rn = latest) as "latestMet",
        (array_agg(not_applicable) filter (where rn = latest))[1] as "latestNa",
        max(period) filter (where rn = before) as "beforePeriod",
        max(closed_at) filter (where rn = before) as "beforeClosedAt",
        max(level) filter (where rn = before) as "beforeLevel",
        max(met) filter (where rn = before) as "beforeMet",
        max(period) filter (where rn = oldest) as "oldestPeriod",
        max(closed_at) filter (where rn = oldest) as "oldestClosedAt",
        max(level) filter (where rn = oldest) as "oldestLevel",
        max(met) filter (where rn = oldest) as "oldestMet"
      from (
        select s.*,
          min(rn) filter (where level is not null) over () as latest,
          min(rn) filter (where level is not null and rn > 1) over () as before,
          max(rn) filter (where level is not null) over () as oldest
        from (
          select period, prompted, answered, expected, away, level, closed_at, not_applicable, met,
            row_number() over (order by period desc) as rn
          from (
            select * from round_snapshots where ml_team_id = t.id order by period desc limit ${sql.lit(ROLLUP_ROUNDS)}
          ) r
        ) s
      ) s
    ) w
    where m.group_id = ${groupId}
    order by t.id`;
  return { compile: () => query.compile(db) };
});

function rollupTeamOf(row: WindowRow): GroupWindowTeam {
  const { id, name, channelId, team_id, cadence, checkin_day, checkin_time, time_zone } = row;
  const recentLevel = storedLevel(row.recentLevel);
  const latest = levelRound(row.latestPeriod, row.latestClosedAt, row.latestLevel, row.latestMet);
  return {
    id,
    name,
    channelId,
    team_id,
    cadence,
    checkin_day,
    checkin_time,
    time_zone,
    window: {
      recent:
        row.closedAt === null
          ? null
          : {
              prompted: row.prompted ?? false,
              answered: row.answered ?? 0,
              expected: row.expected ?? 0,
              away: row.away ?? 0,
              level: recentLevel,
              closedAt: row.closedAt,
            },
      latest: latest && { ...latest, notApplicable: [...exemptionsOf(row.latestNa).keys()] },
      before: levelRound(row.beforePeriod, row.beforeClosedAt, row.beforeLevel, row.beforeMet),
    },
    oldest: levelRound(row.oldestPeriod, row.oldestClosedAt, row.oldestLevel, row.oldestMet),
  };
}

function levelRound(
  period: string | null,
  closedAt: Date | null,
  stored: number | null,
  met: string | null,
): LevelRound | null {
  const level = storedLevel(stored);
  return level === null || period === null || closedAt === null
    ? null
    : { period, closedAt, level, met: criteria(met) };
}

const criteria = (joined: string | null): CriterionId[] => splitMet(joined).filter(isCriterionId);
