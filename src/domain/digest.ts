// A team's closed rounds (snapshots) turned into its digest and its nudges. Pure.
import { type Evaluation, evaluate } from "./evaluate.js";
import type { ResultEvidence } from "./evidence-level.js";
import type { RoundEvidence } from "./evidence-rounds.js";
import { respondentAnswer, type StoredAnswer } from "./not-applicable.js";
import { type Nudge, nudgesFor } from "./nudges.js";
import type { Role } from "./roles.js";
import { teamAnswerOf } from "./round-result.js";
import type { CriterionId, Level } from "./rubric.js";

/** One closed round, as stored when it closed. */
export interface ClosedRound {
  readonly period: string;
  /** Whether the round's check-in prompt was posted; an unprompted round never counts as missed. */
  readonly prompted: boolean;
  readonly answered: number;
  readonly expected: number;
  /** Respondents away by their Slack status who did not answer (no reminder went to them). */
  readonly away: number;
  /** Null when nobody answered. */
  readonly level: Level | null;
  readonly met: readonly CriterionId[];
  readonly disputed: readonly CriterionId[];
  /** Practices the team said do not apply (also in `met`: they count as in place), with their reasons. */
  readonly notApplicable: ReadonlyMap<CriterionId, readonly string[]>;
  readonly closedAt: Date;
}

/** How many rounds the digest's trend chart shows. */
export const TREND_ROUNDS = 12;

/** One round of a trend: null where nobody answered. */
export interface TrendPoint {
  readonly period: string;
  readonly level: Level | null;
}

export interface LevelChange {
  readonly from: Level;
  /** The earlier round with answers the level is compared with. */
  readonly fromPeriod: string;
}

export interface RoleCount {
  /** Null: the person never said. */
  readonly role: Role | null;
  readonly count: number;
}

export interface TeamDigestData {
  readonly period: string;
  readonly prompted: boolean;
  readonly answered: number;
  readonly expected: number;
  /** Respondents away by their Slack status who did not answer. */
  readonly away: number;
  readonly roles: readonly RoleCount[];
  /** Under the strict evidence policy, without the practices evidence disputes (evidence.notCounted). */
  readonly level: Level | null;
  /** Level of the latest earlier round with answers; null when there is none. */
  readonly previous: LevelChange | null;
  readonly next: CriterionId | null;
  readonly disputed: readonly CriterionId[];
  /** Practices the team said do not apply, counted as in place, with their reasons. */
  readonly notApplicable: ReadonlyMap<CriterionId, readonly string[]>;
  /** Oldest first, ending with this round. */
  readonly trend: readonly TrendPoint[];
  /** Practices the previous round with answers counted and this one does not, whatever the level did. */
  readonly lost: readonly LostPractice[];
  /** The round's evidence, judged at its end; null when the team had linked nothing or nobody answered. */
  readonly evidence: ResultEvidence | null;
}

export function hasLevel(round: ClosedRound): round is ClosedRound & { readonly level: Level } {
  return round.level !== null;
}

/** Nobody answered because everyone was away by their Slack status: not a missed check-in. */
export function everyoneAway(round: Pick<ClosedRound, "answered" | "expected" | "away">): boolean {
  return round.answered === 0 && round.expected > 0 && round.away >= round.expected;
}

/** A digest is worth posting when the round was asked or somebody answered anyway. */
export function hasNews(round: ClosedRound): boolean {
  return round.prompted || round.answered > 0;
}

/**
 * `history` is newest first and starts with the round being digested; `evidence` is that round's; `strictLevels`:
 * under the strict policy, the earlier judged rounds' levels without their disputed practices, by period (the
 * org digest and history count them so: the move and the trend must agree with theirs).
 */
export function teamDigestData(
  history: readonly ClosedRound[],
  roles: readonly (Role | null)[],
  answers: readonly StoredAnswer[] = [],
  evidence: RoundEvidence | null = null,
  strictLevels: ReadonlyMap<string, Evaluation> = new Map(),
): TeamDigestData {
  const [round, ...earlier] = history;
  if (round === undefined) throw new RangeError("teamDigestData needs the closed round");
  const previous = earlier.find(hasLevel);
  const counted = round.level === null ? null : (evidence?.counted ?? null);
  const levelOf = (r: ClosedRound) =>
    r === round ? (counted?.level ?? r.level) : (strictLevels.get(r.period)?.level ?? r.level);
  return {
    period: round.period,
    prompted: round.prompted,
    answered: round.answered,
    expected: round.expected,
    away: round.away,
    roles: countRoles(roles),
    level: counted?.level ?? round.level,
    previous: previous ? { from: levelOf(previous) ?? previous.level, fromPeriod: previous.period } : null,
    next: round.level === null ? null : (counted ?? evaluate(new Set(round.met))).next,
    disputed: round.disputed,
    notApplicable: round.level === null ? new Map() : round.notApplicable,
    // This round's point is the level the digest heads with (under strict, without disputed practices).
    trend: history
      .slice(0, TREND_ROUNDS)
      .map((r) => ({ period: r.period, level: levelOf(r) }))
      .reverse(),
    lost: lostPractices(history, answers),
    evidence: round.level === null ? null : (evidence?.evidence ?? null),
  };
}

const ROLE_ORDER: readonly (Role | null)[] = [
  "data_scientist",
  "data_engineer",
  "ml_engineer",
  "software_engineer",
  "other",
  null,
];

function countRoles(roles: readonly (Role | null)[]): RoleCount[] {
  return ROLE_ORDER.map((role) => ({ role, count: roles.filter((r) => r === role).length })).filter(
    (c) => c.count > 0,
  );
}

/** The nudges the closed round calls for (rules in maturity-model.md); `history` is newest first. */
export function roundNudges(history: readonly ClosedRound[]): Nudge[] {
  const [round, ...earlier] = history;
  if (round === undefined || !hasNews(round) || everyoneAway(round)) return [];
  const answer =
    round.answered > 0
      ? {
          respondents: round.answered,
          met: new Set(round.met),
          disputed: new Set(round.disputed),
          notApplicable: round.notApplicable,
        }
      : null;
  const previousLevel = earlier.find(hasLevel)?.level ?? null;
  const nudges = nudgesFor({ answer, previousLevel });
  // When the level fell, the regression nudge names the lost practices: no second message.
  const lost = practicesLost(history);
  if (round.level !== null && lost.length > 0 && !nudges.some((n) => n.kind === "regression"))
    nudges.push({ kind: "practice_lost", level: round.level, lost });
  return nudges;
}

/** A closed round's team answer, as its snapshot keeps it. */
export interface ClosedAnswer {
  readonly level: Level | null;
  /** The criteria in place, exempted practices included. */
  readonly met: CriterionId[];
  /** Practices the team said do not apply, with their distinct reasons. */
  readonly notApplicable: ReadonlyMap<CriterionId, readonly string[]>;
  readonly disputed: CriterionId[];
}

/** The closed round's team answer, from each respondent's stored answer, for its snapshot. */
export function closeRound(answers: readonly StoredAnswer[]): ClosedAnswer {
  if (answers.length === 0) return { level: null, met: [], notApplicable: new Map(), disputed: [] };
  const team = teamAnswerOf(answers);
  return {
    level: evaluate(team.met).level,
    met: [...team.met],
    notApplicable: team.notApplicable,
    disputed: [...team.disputed],
  };
}

/** What a closed round's snapshot keeps: who answered, who was expected, and the team's answer. */
export function roundFigures(
  answers: readonly (StoredAnswer & { readonly userId: string })[],
  respondents: readonly string[],
): ClosedAnswer & { answered: number; expected: number } {
  const answeredBy = new Set(answers.map((a) => a.userId));
  return {
    answered: answers.length,
    // Someone who answered without being listed as a respondent still counts as expected.
    expected: new Set([...respondents, ...answeredBy]).size,
    ...closeRound(answers),
  };
}

/** Criteria met in `before` and not in `after`, in rubric order (what a regression lost). */
export function lostCriteria(
  before: Pick<ClosedRound, "met">,
  after: Pick<ClosedRound, "met">,
): CriterionId[] {
  // A few ids a round: a scan beats building a Set, across hundreds of teams.
  return before.met.filter((id) => !after.met.includes(id));
}

/**
 * Practices the newest closed round no longer counts that the latest earlier round with answers did (a round
 * nobody answered loses nothing: it says nothing). `history` is newest first.
 */
export function practicesLost(history: readonly ClosedRound[]): CriterionId[] {
  const [round, ...earlier] = history;
  const before = earlier.find(hasLevel);
  if (round === undefined || before === undefined || !hasLevel(round)) return [];
  return lostCriteria(before, round);
}

export interface LostPractice {
  readonly criterion: CriterionId;
  /** Respondents of the round who did not say it is in place (their answer changed, or they are new). */
  readonly dropped: number;
  readonly respondents: number;
}

/** Each practice the round lost, with how many of its respondents no longer say it is in place. */
export function lostPractices(
  history: readonly ClosedRound[],
  answers: readonly StoredAnswer[],
): LostPractice[] {
  const sets = answers.map((answer) => respondentAnswer(answer).met);
  return practicesLost(history).map((criterion) => ({
    criterion,
    dropped: sets.filter((met) => !met.has(criterion)).length,
    respondents: sets.length,
  }));
}
