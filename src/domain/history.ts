// A team's history from its closed rounds: levels over time, how long it has been at its level, the practices it
// gained and lost, participation, and a time-to-next-level estimate from its own pace. Pure.
import { type ClosedRound, hasLevel, hasNews } from "./digest.js";
import { evaluate } from "./evaluate.js";
import type { EvidencePolicy, EvidenceVerdicts } from "./evidence.js";
import { levelEvidence } from "./evidence-level.js";
import { type HistoryEvidence, historyEvidence, judgedAnswer } from "./evidence-rounds.js";
import { CRITERION_IDS, type CriterionId, type Level } from "./rubric.js";

/** Rounds with answers that `/mlops history` looks back over. */
export const HISTORY_ROUNDS = 26;
/** Fewer rounds with answers than this, and there is no estimate. */
export const MIN_ROUNDS_FOR_ESTIMATE = 4;
/** The pace is the change in practices over this many of the latest rounds with answers. */
export const PACE_ROUNDS = 8;

export interface LevelPoint {
  readonly period: string;
  readonly level: Level;
}

/** What changed in one round, compared with the round with answers before it. */
export interface PracticeChange {
  readonly period: string;
  readonly gained: readonly CriterionId[];
  readonly lost: readonly CriterionId[];
  /** Counted as in place from this round because the team says they do not apply (never also "gained"). */
  readonly exempted: readonly CriterionId[];
}

export interface ParticipationPoint {
  readonly period: string;
  readonly answered: number;
  readonly expected: number;
}

/** Practices a round, or rounds a practice, whichever reads as a whole number. */
export type Pace = { readonly practicesPerRound: number } | { readonly roundsPerPractice: number };

export type Estimate =
  | { readonly kind: "top-level" }
  | { readonly kind: "not-enough-history"; readonly rounds: number }
  | { readonly kind: "no-recent-gains"; readonly rounds: number }
  | {
      readonly kind: "estimate";
      readonly target: Level;
      readonly missing: number;
      readonly pace: Pace;
      readonly rounds: number;
    };

export interface TeamHistory {
  /** The last HISTORY_ROUNDS rounds with answers, oldest first. */
  readonly levels: readonly LevelPoint[];
  /** The latest level and the first round of the unbroken run at it; null before any answers. */
  readonly current: { readonly level: Level; readonly since: string } | null;
  /** The highest level ever reached, and when first. */
  readonly highest: { readonly level: Level; readonly reached: string } | null;
  /** Rounds in which practices changed, newest first, within the rounds shown. */
  readonly changes: readonly PracticeChange[];
  /** Rounds that were asked or answered since the oldest round in `levels`, oldest first, as many as HISTORY_ROUNDS. */
  readonly participation: readonly ParticipationPoint[];
  readonly estimate: Estimate;
  /** The practices the latest round with answers counted as not applicable, with their reasons. */
  readonly notApplicable: ReadonlyMap<CriterionId, readonly string[]>;
  /** Over the rounds of the chart: where answers and evidence disagreed; null when no round could be judged. */
  readonly evidence: HistoryEvidence | null;
  /**
   * Under the strict evidence policy: the levels, standing and estimate leave out, in each round of the chart,
   * the practices evidence disputed at its end; `lowered` counts the rounds that made lower. Null under shown.
   */
  readonly strict: { readonly lowered: number } | null;
}

type Answered = ClosedRound & { readonly level: Level };

/**
 * `closed` is every closed round of the team, newest first (as loadHistory gives them); `verdictsOf` judges a
 * round by its evidence (at its end), null when the team had linked nothing by then.
 */
export function teamHistory(
  closed: readonly ClosedRound[],
  verdictsOf: (round: ClosedRound) => EvidenceVerdicts | null = () => null,
  policy: EvidencePolicy = "shown",
): TeamHistory {
  const said = closed.filter(hasLevel);
  const shown = said.slice(0, HISTORY_ROUNDS);
  // Only the chart's rounds are judged (their signals are the ones read); older ones count as answered.
  const answered =
    policy === "strict"
      ? [...shown.map((r) => counted(r, verdictsOf(r))), ...said.slice(HISTORY_ROUNDS)]
      : said;
  const levels = answered.slice(0, HISTORY_ROUNDS);
  return {
    levels: levels.map((r) => ({ period: r.period, level: r.level })).reverse(),
    current: currentRun(answered),
    highest: highest(answered),
    // What people said they gained and lost: the answers', under either policy.
    changes: practiceChanges(said.slice(0, HISTORY_ROUNDS + 1)),
    // The same rounds as the chart: from its oldest point on, rounds without answers included.
    participation: closed
      .filter((r) => hasNews(r) && r.period >= (shown.at(-1)?.period ?? ""))
      .slice(0, HISTORY_ROUNDS)
      .map((r) => ({ period: r.period, answered: r.answered, expected: r.expected }))
      .reverse(),
    estimate: estimate(answered),
    notApplicable: answered[0]?.notApplicable ?? new Map(),
    evidence: historyEvidence(shown, verdictsOf),
    strict:
      policy === "strict"
        ? { lowered: levels.filter((r, i) => r.level < (shown[i]?.level ?? r.level)).length }
        : null,
  };
}

/** A round as the strict policy counts it: without the practices evidence disputed at its end, if judged. */
function counted(round: Answered, verdicts: EvidenceVerdicts | null): Answered {
  const judged = verdicts && levelEvidence(judgedAnswer(round), verdicts, "strict").counted;
  return judged ? { ...round, level: judged.evaluation.level, met: [...judged.met] } : round;
}

function currentRun(answered: readonly Answered[]): TeamHistory["current"] {
  const [latest] = answered;
  if (latest === undefined) return null;
  const run = answered.findIndex((r) => r.level !== latest.level);
  const first = answered[(run === -1 ? answered.length : run) - 1] ?? latest;
  return { level: latest.level, since: first.period };
}

function highest(answered: readonly Answered[]): TeamHistory["highest"] {
  let best: Answered | undefined;
  // Oldest first, so a level reached again later keeps the round it was first reached in.
  for (const round of [...answered].reverse()) if (!best || round.level > best.level) best = round;
  return best ? { level: best.level, reached: best.period } : null;
}

/** `answered` newest first: each round against the one before it; the oldest is the starting point. */
function practiceChanges(answered: readonly Answered[]): PracticeChange[] {
  return answered.slice(0, -1).flatMap((round, i) => {
    const earlier = answered[i + 1];
    const before = new Set(earlier?.met ?? []);
    const now = new Set(round.met);
    const exempt = (id: CriterionId) => round.notApplicable.has(id) && !earlier?.notApplicable.has(id);
    const gained = CRITERION_IDS.filter((id) => now.has(id) && !before.has(id) && !exempt(id));
    const lost = CRITERION_IDS.filter((id) => before.has(id) && !now.has(id));
    const exempted = CRITERION_IDS.filter(exempt);
    return gained.length + lost.length + exempted.length > 0
      ? [{ period: round.period, gained, lost, exempted }]
      : [];
  });
}

/** From the net practices gained over the latest PACE_ROUNDS rounds with answers. */
function estimate(answered: readonly Answered[]): Estimate {
  const [latest] = answered;
  if (latest?.level === 4) return { kind: "top-level" };
  if (latest === undefined || answered.length < MIN_ROUNDS_FOR_ESTIMATE) {
    return { kind: "not-enough-history", rounds: answered.length };
  }
  const recent = answered.slice(0, PACE_ROUNDS);
  const oldest = recent[recent.length - 1] ?? latest;
  const gained = latest.met.length - oldest.met.length;
  if (gained <= 0) return { kind: "no-recent-gains", rounds: recent.length };
  const target = (latest.level + 1) as Level;
  const progress = evaluate(new Set(latest.met)).progress.find((p) => p.level === target);
  const missing = progress ? progress.total - progress.met : 0;
  const perRound = gained / (recent.length - 1);
  const pace: Pace =
    perRound >= 1
      ? { practicesPerRound: Math.round(perRound) }
      : { roundsPerPractice: Math.round(1 / perRound) };
  return { kind: "estimate", target, missing, pace, rounds: roundsFor(missing, pace) };
}

/** The estimate in whole rounds at the pace as it is said, so the sentence adds up. */
export function roundsFor(missing: number, pace: Pace): number {
  return "practicesPerRound" in pace
    ? Math.ceil(missing / pace.practicesPerRound)
    : missing * pace.roundsPerPractice;
}
