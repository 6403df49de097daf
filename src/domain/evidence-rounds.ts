// Evidence judged at the end of a closed round, the way the team digest, the org digest and `/mlops history`
// read it: the same rules as status (evidence.ts), with `now` the round's end and only the links the team had
// made by then (a round before a repository was linked was never watched: its silence proves nothing).
import type { ClosedRound } from "./digest.js";
import type { Evaluation } from "./evaluate.js";
import {
  disagreements,
  type EvidenceVerdicts,
  evidenceFor,
  type JudgedAnswer,
  type PracticeEvidence,
  type TeamLinks,
} from "./evidence.js";
import { levelEvidence, type ResultEvidence } from "./evidence-level.js";
import type { EvidenceSignal } from "./evidence-signal.js";
import { CRITERION_IDS, type CriterionId } from "./rubric.js";

/** The verdicts at an instant; null when the team had linked nothing by then (no evidence, no line). */
export type VerdictsAt = (at: Date) => EvidenceVerdicts | null;

/** Verdicts at any instant from one read of a period's signals; `linksAt` gives the links made by then. */
export function verdictsOver(
  signals: readonly EvidenceSignal[],
  linksAt: (at: Date) => TeamLinks,
): VerdictsAt {
  return (at) => {
    const links = linksAt(at);
    const none = links.repositories.length + links.experiments.length + links.models.length === 0;
    return none ? null : evidenceFor(signals, links, at);
  };
}

/** A closed round's answer beside its evidence: the level as the policy counts it, and what evidence says. */
export interface RoundEvidence {
  /** Under strict with disputed practices in place: the evaluation without them; null when the answers' own. */
  readonly counted: Evaluation | null;
  readonly evidence: ResultEvidence;
}

/** A closed round's practices: those in place, and those it said do not apply (listed, or with reasons). */
export interface RoundPractices {
  readonly met: readonly CriterionId[];
  readonly notApplicable: JudgedAnswer["notApplicable"] | readonly CriterionId[];
}

/** A closed round's answer as evidence judges it. */
export function judgedAnswer({ met, notApplicable }: RoundPractices): JudgedAnswer {
  return { met: new Set(met), notApplicable: isList(notApplicable) ? new Set(notApplicable) : notApplicable };
}

const isList = (ids: RoundPractices["notApplicable"]): ids is readonly CriterionId[] => Array.isArray(ids);

export function roundEvidence(
  round: RoundPractices,
  verdicts: EvidenceVerdicts,
  policy: ResultEvidence["policy"],
): RoundEvidence {
  const { counted, evidence } = levelEvidence(judgedAnswer(round), verdicts, policy);
  return { counted: counted?.evaluation ?? null, evidence };
}

/**
 * The rounds as the strict policy counts them: each one `judged` holds left without the practices evidence
 * disputed at its end (its level too); the others as answered. Nudges read this, so that a practice the level
 * leaves out is never shown as done.
 */
export function countedHistory<R extends Pick<ClosedRound, "period" | "met" | "level">>(
  history: readonly R[],
  judged: ReadonlyMap<string, RoundEvidence>,
): R[] {
  return history.map((round) => {
    const { counted, evidence } = judged.get(round.period) ?? {};
    if (!counted || !evidence) return round;
    const out = new Set(evidence.notCounted);
    return { ...round, level: counted.level, met: round.met.filter((id) => !out.has(id)) };
  });
}

/** What the org digest and a group's roll-up read of a team's evidence (org-digest.ts OrgTeam). */
export interface JudgedRounds {
  /** The evidence of its latest round with answers; null when that round was not judged. */
  readonly latest: RoundEvidence | null;
  /** Under strict, by period: each judged round's evaluation without its disputed practices, where it differs. */
  readonly counted: ReadonlyMap<string, Evaluation>;
}

/**
 * A team's rounds (newest first) judged at their ends while they end at or after `since`: its latest round
 * with answers, and under the strict policy every earlier one too, so moves compare levels counted the same
 * way. `judge` gives a round's evidence at its end, or null when the team had linked nothing by then.
 */
export function judgeRounds<R extends Pick<ClosedRound, "period" | "level">>(
  history: readonly R[],
  endOf: (round: R) => Date,
  judge: (round: R, end: Date) => RoundEvidence | null,
  since: Date,
): JudgedRounds {
  let latest: RoundEvidence | null = null;
  const counted = new Map<string, Evaluation>();
  for (const round of history) {
    if (round.level === null) continue;
    const end = endOf(round);
    const evidence = end >= since ? judge(round, end) : null;
    if (evidence === null) break;
    latest ??= evidence;
    if (evidence.counted) counted.set(round.period, evidence.counted);
    if (evidence.evidence.policy !== "strict") break;
  }
  return { latest, counted };
}

/** A practice on which a round's answer and its evidence disagreed. */
export interface Disagreement {
  readonly criterion: CriterionId;
  /** What the team said: true when it said the practice is in place (and evidence disputes it). */
  readonly saidInPlace: boolean;
  readonly evidence: PracticeEvidence;
}

export interface RoundDisagreement {
  readonly period: string;
  readonly practices: readonly Disagreement[];
}

export interface HistoryEvidence {
  /** Rounds judged: those with answers that ended after the team linked something. */
  readonly judged: number;
  /** Rounds where answers and evidence disagreed, newest first. */
  readonly disagreed: readonly RoundDisagreement[];
}

/**
 * Each round with answers (newest first) judged at its end: where the team said a practice is in place and
 * evidence disputed it, or said it is not and evidence supported it. Null when no round could be judged.
 */
export function historyEvidence<R extends RoundPractices & Pick<ClosedRound, "period">>(
  rounds: readonly R[],
  verdictsOf: (round: R) => EvidenceVerdicts | null,
): HistoryEvidence | null {
  let judged = 0;
  const disagreed: RoundDisagreement[] = [];
  for (const round of rounds) {
    const verdicts = verdictsOf(round);
    if (verdicts === null) continue;
    judged++;
    const answer = judgedAnswer(round);
    const differ = new Set(disagreements(answer, verdicts));
    const practices = CRITERION_IDS.flatMap((id) => {
      const evidence = verdicts.get(id);
      return evidence && differ.has(id) ? [{ criterion: id, saidInPlace: answer.met.has(id), evidence }] : [];
    });
    if (practices.length > 0) disagreed.push({ period: round.period, practices });
  }
  return judged === 0 ? null : { judged, disagreed };
}
