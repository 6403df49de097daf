// The organisation the benchmark seeds: its size and its weekly rounds.
import { type RawBuilder, sql } from "kysely";
import type { BenchTimeline } from "./timeline.js";

export interface OrgScale {
  workspaces: number;
  teamsPerWorkspace: number;
  respondentsPerTeam: number;
  /** Weekly rounds of answers, the last one being the current round. */
  rounds: number;
}

export const ORGANISATION: OrgScale = {
  workspaces: 20,
  teamsPerWorkspace: 100,
  respondentsPerTeam: 5,
  rounds: 104,
};

/** Share of team-rounds nobody answered, and of respondents who skipped a round their team answered. */
export const MISSED = { round: 0.02, respondent: 0.04 } as const;

/** Rounds as (k, day, period): k = 0 is the oldest, k = rounds - 1 the current one. */
export function seededRounds(scale: OrgScale, timeline: BenchTimeline): RawBuilder<unknown> {
  return sql`(select k, d.day, to_char(d.day, 'YYYY-MM-DD') as period
    from generate_series(0, ${sql.lit(scale.rounds - 1)}) k,
      lateral (select ${sql.lit(timeline.currentPeriod)}::date - 7 * (${sql.lit(scale.rounds - 1)} - k) as day) d)`;
}

export function describeScale(scale: OrgScale): string {
  return `${scale.workspaces} workspaces × ${scale.teamsPerWorkspace} teams × ${scale.respondentsPerTeam} respondents × ${scale.rounds} weekly rounds`;
}
