// A group's roll-up reads, of each team's newest ROLLUP_ROUNDS closed rounds, only what its figures need (the
// domain's RoundWindow): the database picks those few values out of each team's rounds, so a 500-team group
// comes back as 500 short rows instead of 2,500 whole snapshots parsed and walked in JavaScript.
import { type Kysely, sql } from "kysely";
import { ROLLUP_ROUNDS, type RollupTeam } from "../domain/group-rollup.js";
import type { AnsweredRound } from "../domain/org-digest.js";
import { CRITERION_IDS, type CriterionId } from "../domain/rubric.js";
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
  /** Dates come as epoch milliseconds: a number parses far faster than a timestamp's text. */
  closedAt: number | null;
  /** The newest round with answers, the latest with answers before the newest round, the oldest with answers. */
  latestPeriod: string | null;
  latestClosedAt: number | null;
  latestLevel: number | null;
  latestMet: number | null;
  /** The practices it said do not apply (the keys of its not_applicable), as a mask. */
  latestNa: number | null;
  beforePeriod: string | null;
  beforeClosedAt: number | null;
  beforeLevel: number | null;
  beforeMet: number | null;
  beforeNa: number | null;
  oldestPeriod: string | null;
  oldestClosedAt: number | null;
  oldestLevel: number | null;
  oldestMet: number | null;
  oldestNa: number | null;
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
  // each figure is then the one value its filter leaves. Practices and dates come back as numbers (bit masks,
  // epoch milliseconds), which parse far faster than lists and timestamps: of 500 rows' 16 ms of CPU, parsing
  // took half. The oldest round's practices are read because under the strict policy its level is counted
  // again without disputed ones.
  const query = sql<WindowRow>`
    select t.id, t.name, t.channel_id as "channelId",
      t.team_id, t.cadence, t.checkin_day, t.checkin_time, t.time_zone,
      w.prompted, w.answered, w.expected, w.away, w."recentLevel", ${epochMs("closedAt")},
      w."latestPeriod", ${epochMs("latestClosedAt")}, w."latestLevel",
      ${practiceMask("latestMet")}, ${practiceMask("latestNa", "jsonb_object_keys")},
      w."beforePeriod", ${epochMs("beforeClosedAt")}, w."beforeLevel",
      ${practiceMask("beforeMet")}, ${practiceMask("beforeNa", "jsonb_object_keys")},
      w."oldestPeriod", ${epochMs("oldestClosedAt")}, w."oldestLevel",
      ${practiceMask("oldestMet")}, ${practiceMask("oldestNa", "jsonb_object_keys")}
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
        (array_agg(not_applicable) filter (where rn = before))[1] as "beforeNa",
        max(period) filter (where rn = oldest) as "oldestPeriod",
        max(closed_at) filter (where rn = oldest) as "oldestClosedAt",
        max(level) filter (where rn = oldest) as "oldestLevel",
        max(met) filter (where rn = oldest) as "oldestMet",
        (array_agg(not_applicable) filter (where rn = oldest))[1] as "oldestNa"
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
              closedAt: new Date(row.closedAt),
            },
      latest: levelRound(row, "latest"),
      before: levelRound(row, "before"),
    },
    oldest: levelRound(row, "oldest"),
  };
}

function levelRound(row: WindowRow, which: "latest" | "before" | "oldest"): AnsweredRound | null {
  const period = row[`${which}Period`];
  const closedAt = row[`${which}ClosedAt`];
  const level = storedLevel(row[`${which}Level`]);
  if (level === null || period === null || closedAt === null) return null;
  const met = criteria(row[`${which}Met`]);
  return { period, closedAt: new Date(closedAt), level, met, notApplicable: criteria(row[`${which}Na`]) };
}

/** A date column of the window (`w`) as epoch milliseconds, under its own name. */
const epochMs = (column: string) =>
  sql.raw(`(extract(epoch from w."${column}") * 1000)::float8 as "${column}"`);

/**
 * A practices column of the window (`w`) as a bit mask in rubric order (bit i: CRITERION_IDS[i]), under its own
 * name: a number parses far faster than a list, and ids the rubric no longer has drop out.
 */
function practiceMask(column: string, members: "unnest" | "jsonb_object_keys" = "unnest") {
  // An int's 31 value bits: a rubric of more practices needs bigint masks here and in `criteria`.
  if (CRITERION_IDS.length > 31) throw new Error("practice masks hold at most 31 criteria");
  const ids = CRITERION_IDS.map((id) => `'${id}'`).join(",");
  return sql.raw(
    `(select bit_or(1 << (array_position(array[${ids}], c) - 1)) from ${members}(w."${column}") c) as "${column}"`,
  );
}

// The same few sets of practices recur across teams and rounds (225 distinct in 5,500 rounds of the benchmark's
// organisation): their rounds share one frozen list each.
const KNOWN_LISTS_MAX = 4_096;
const listsByMask = new Map<number, readonly CriterionId[]>();

function criteria(mask: number | null): readonly CriterionId[] {
  const bits = mask ?? 0;
  let list = listsByMask.get(bits);
  if (list === undefined) {
    if (listsByMask.size >= KNOWN_LISTS_MAX) listsByMask.clear();
    list = Object.freeze(CRITERION_IDS.filter((_, i) => (bits >> i) & 1));
    listsByMask.set(bits, list);
  }
  return list;
}
