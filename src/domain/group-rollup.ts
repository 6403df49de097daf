// A group's roll-up (`/mlops status group`, the org digest's group sections, the API): the org digest's
// figures over the group's teams, from their closed rounds, plus the median level, the movers of the
// last few rounds and the teams that lost a practice in their last round. Pure.
import { hasLevel, practicesLost } from "./digest.js";
import {
  type Mover,
  moveOf,
  type OrgDigestData,
  type OrgTeam,
  orgDigestData,
  type TeamRef,
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

export function groupRollup(teams: readonly OrgTeam[]): GroupRollup {
  const data = orgDigestData(teams, EVER);
  return {
    ...data,
    median: medianLevel(data.perLevel),
    movers: moversOver(teams),
    lostPractice: teams.flatMap((team) => {
      const lost = practicesLost(team.history);
      return lost.length === 0 ? [] : [{ id: team.id, name: team.name, channelId: team.channelId, lost }];
    }),
  };
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

function moversOver(teams: readonly OrgTeam[]): Mover[] {
  const movers = teams.flatMap((team) => {
    const rounds = team.history.slice(0, ROLLUP_ROUNDS).filter(hasLevel);
    const latest = rounds[0];
    const earliest = rounds.at(-1);
    const move = latest && earliest ? moveOf(team, earliest, latest) : null;
    return move ? [move] : [];
  });
  return movers.sort(
    (a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from) || a.name.localeCompare(b.name),
  );
}
