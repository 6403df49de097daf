// A group's roll-up (`/mlops status group`, the org digest's group sections, the API): the org digest's
// figures over the group's teams, from their closed rounds, plus the median level, the movers of the
// last few rounds and the teams that lost a practice in their last round. Pure.
import { hasLevel, lostCriteria } from "./digest.js";
import {
  type LevelRound,
  type Mover,
  moveOf,
  type OrgDigestData,
  type OrgTeam,
  orgFigures,
  type RoundWindow,
  type TeamRef,
  type WindowTeam,
  windowOf,
} from "./org-digest.js";
import type { CriterionId, Level } from "./rubric.js";

/** Movers compare a team's latest level with its level this many closed rounds earlier. */
export const MOVER_ROUNDS = 4;
/** Closed rounds per team a roll-up reads: the latest and MOVER_ROUNDS before it. */
export const ROLLUP_ROUNDS = MOVER_ROUNDS + 1;

export interface TeamLoss extends TeamRef {
  readonly lost: readonly CriterionId[];
}

export interface GroupRollup extends OrgDigestData {
  /** The median of the assessed teams' levels (the lower middle for an even count); null when none is. */
  readonly median: Level | null;
  /** Teams whose level changed over their last MOVER_ROUNDS closed rounds, biggest moves first. */
  readonly movers: readonly Mover[];
  /** Teams whose last closed round lost a practice the round before it counted. */
  readonly lostPractice: readonly TeamLoss[];
}

// Every team's latest closed round counts for misses and participation, whenever it closed.
const EVER = new Date(0);

/** A team as its group's roll-up reads it: its window, and the oldest level of its last ROLLUP_ROUNDS. */
export interface RollupTeam extends WindowTeam {
  /** The oldest round with answers among its newest ROLLUP_ROUNDS closed rounds. */
  readonly oldest: LevelRound | null;
}

/** The roll-up of teams with their closed rounds, newest first. */
export function groupRollup(teams: readonly OrgTeam[]): GroupRollup {
  return rollupOfTeams(teams.map(rollupTeam));
}

/** What the roll-up reads of a team's history. */
function rollupTeam(team: OrgTeam): RollupTeam {
  const levels = team.history.slice(0, ROLLUP_ROUNDS).filter(hasLevel);
  return {
    id: team.id,
    name: team.name,
    channelId: team.channelId,
    window: windowOf(team.history),
    evidence: team.evidence,
    counted: team.counted,
    oldest: levels.at(-1) ?? null,
  };
}

export function rollupOfTeams(teams: readonly RollupTeam[]): GroupRollup {
  const data = orgFigures(teams, EVER);
  return {
    ...data,
    median: medianLevel(data.perLevel),
    movers: moversOver(teams),
    lostPractice: teams.flatMap((team) => {
      const lost = windowLost(team.window);
      return lost.length === 0 ? [] : [{ id: team.id, name: team.name, channelId: team.channelId, lost }];
    }),
  };
}

/** Practices lost in a window's newest round (practicesLost): with answers, that round is the window's latest. */
function windowLost({ recent, latest, before }: RoundWindow): CriterionId[] {
  if (recent?.level == null || latest === null || before === null) return [];
  return lostCriteria(before, latest);
}

/** The lower median of the levels counted in `perLevel` (teams at each level 0..4). */
export function medianLevel(perLevel: readonly number[]): Level | null {
  const total = perLevel.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const middle = Math.ceil(total / 2);
  let seen = 0;
  for (const [level, count] of perLevel.entries()) {
    seen += count;
    if (seen >= middle) return level as Level;
  }
  return null;
}

function moversOver(teams: readonly RollupTeam[]): Mover[] {
  const movers = teams.flatMap((team) => {
    // The newest level is among the last ROLLUP_ROUNDS whenever the oldest of them is.
    const { window, oldest } = team;
    const move = window.latest && oldest ? moveOf(team, oldest, window.latest) : null;
    return move ? [move] : [];
  });
  return movers.sort(
    (a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from) || a.name.localeCompare(b.name),
  );
}
