// Evidence behind the answers: from the signals of a team's linked repositories, experiments and models in
// the last 28 days, each practice evidence can speak to gets a verdict (supports or disputes) with the facts a
// person reads and a link, or none. The rules themselves live in evidence-rules.ts; docs/evidence.md is the
// table people read. Evidence never changes an answer: the "shown" policy only shows it, "strict" stops a
// disputed practice from counting towards the level (countedMet), and every view of the level says so.

import { RULES } from "./evidence-rules.js";
import type { EvidenceSignal, EvidenceSource } from "./evidence-signal.js";
import { EVIDENCE_WINDOW_DAYS } from "./evidence-wording.js";
import { CRITERIA, type CriterionId, type Level } from "./rubric.js";

export { EVIDENCE_WINDOW_DAYS };

const WINDOW_MS = EVIDENCE_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** The environment deployments go to when a link names none. */
export const DEFAULT_DEPLOY_ENVIRONMENT = "production";

export interface RepositoryLink {
  /** `owner/repo`, lower case. */
  readonly repository: string;
  /** Its deployments release models (`--model`). */
  readonly model: boolean;
  /** The workflow file that trains, e.g. `.github/workflows/train.yml` (`--training-workflow`). */
  readonly trainingWorkflow: string | null;
  /** The production environment (`--deploy-environment`, default production). */
  readonly deployEnvironment: string;
  /** Where the scoring script is; null: `score*.py` or a `score/` folder at the repository's root. */
  readonly scoringPath: string | null;
}

export interface ExperimentLink {
  readonly name: string;
  /** When MLflow last answered for it; null when never: no run seen then proves nothing. */
  readonly polledAt: Date | null;
}

export interface TeamLinks {
  readonly repositories: readonly RepositoryLink[];
  readonly experiments: readonly ExperimentLink[];
  readonly models: readonly string[];
}

export type Verdict = "supports" | "disputes";
export type EvidencePolicy = "shown" | "strict";

export interface PracticeEvidence {
  readonly criterion: CriterionId;
  readonly verdict: Verdict;
  readonly source: EvidenceSource;
  /** One sentence a person reads: "42 workflow runs on push in 28 days, last 2 h ago (in acme/web)". */
  readonly facts: string;
  /** The run, deployment or MLflow run behind the facts; null when there is no page. */
  readonly url: string | null;
}

/** Practice → its evidence, in rubric order; practices without a verdict are absent. */
export type EvidenceVerdicts = ReadonlyMap<CriterionId, PracticeEvidence>;

/** The practices some rule speaks to (the others are never verified, nor counted as unverifiable). */
export const EVIDENCED_CRITERIA: readonly CriterionId[] = CRITERIA.map((c) => c.id).filter(
  (id) => RULES[id] !== undefined,
);

/** The verdict on each practice at `now`, from signals of the team's links within the last 28 days. */
export function evidenceFor(
  signals: readonly EvidenceSignal[],
  links: TeamLinks,
  now: Date,
): EvidenceVerdicts {
  const ofTeam = teamSignals(signals, links, now);
  const verdicts = new Map<CriterionId, PracticeEvidence>();
  for (const id of EVIDENCED_CRITERIA) {
    const found = RULES[id]?.(ofTeam, links, now);
    if (found) verdicts.set(id, { criterion: id, ...found });
  }
  return verdicts;
}

/** The team's own signals in the window: a subject another team linked is none of its business. */
export function teamSignals(
  signals: readonly EvidenceSignal[],
  links: TeamLinks,
  now: Date,
): EvidenceSignal[] {
  const repositories = new Set(links.repositories.map((r) => r.repository));
  const experiments = new Set(links.experiments.map((e) => e.name));
  const models = new Set(links.models);
  const since = now.getTime() - WINDOW_MS;
  return signals.filter((s) => {
    const t = s.occurredAt.getTime();
    if (t < since || t > now.getTime()) return false;
    if (s.subjectKind === "repository") return repositories.has(s.subject);
    return s.subjectKind === "experiment" ? experiments.has(s.subject) : models.has(s.subject);
  });
}

/**
 * A team's answer as evidence judges it. `met` holds the practices it says do not apply too, as they count
 * towards the level; but saying a practice does not apply is not saying it is in place, so evidence neither
 * disputes nor verifies those.
 */
export interface JudgedAnswer {
  readonly met: ReadonlySet<CriterionId>;
  /** The practices it says do not apply (with their reasons, or without). */
  readonly notApplicable: ReadonlySet<CriterionId> | ReadonlyMap<CriterionId, unknown>;
}

/** Practices people say are in place: met, not merely exempt. */
export function saidInPlace(answer: JudgedAnswer): CriterionId[] {
  return [...answer.met].filter((id) => !answer.notApplicable.has(id));
}

/** Practices people say are in place that evidence disputes. */
export function disputedByEvidence(answer: JudgedAnswer, verdicts: EvidenceVerdicts): CriterionId[] {
  return saidInPlace(answer).filter((id) => verdicts.get(id)?.verdict === "disputes");
}

/** What counts towards the level: everything met under `shown`; under `strict`, not what evidence disputes. */
export function countedMet(
  answer: JudgedAnswer,
  verdicts: EvidenceVerdicts,
  policy: EvidencePolicy,
): Set<CriterionId> {
  if (policy === "shown") return new Set(answer.met);
  const disputed = new Set(disputedByEvidence(answer, verdicts));
  return new Set([...answer.met].filter((id) => !disputed.has(id)));
}

export interface Verification {
  /** Practices people say are in place that evidence supports. */
  readonly verified: readonly CriterionId[];
  /** Practices people say are in place. */
  readonly met: number;
  /**
   * Every practice evidence can speak to, of levels 1..level, is supported, bar those the team says do not
   * apply (false at level 0).
   */
  readonly levelVerified: boolean;
}

export function verification(answer: JudgedAnswer, level: Level, verdicts: EvidenceVerdicts): Verification {
  const supported = (id: CriterionId) => verdicts.get(id)?.verdict === "supports";
  const said = saidInPlace(answer);
  const below = CRITERIA.filter(
    (c) => c.level <= level && EVIDENCED_CRITERIA.includes(c.id) && !answer.notApplicable.has(c.id),
  );
  return {
    verified: said.filter(supported),
    met: said.length,
    levelVerified: level > 0 && below.every((c) => supported(c.id)),
  };
}

/** Where answers and evidence disagree: said in place but disputed, or supported but not met (exemptions aside). */
export function disagreements(answer: JudgedAnswer, verdicts: EvidenceVerdicts): CriterionId[] {
  const said = new Set(saidInPlace(answer));
  return [...verdicts.values()]
    .filter(
      (e) => !answer.notApplicable.has(e.criterion) && (e.verdict === "disputes") === said.has(e.criterion),
    )
    .map((e) => e.criterion);
}

/**
 * The practices a signal stands behind for a team (the export's criterion and verdict): those whose rule, given
 * this signal alone, reaches the verdict the team has today. A push beside passing CI runs stands behind none;
 * a signal older than the window, or of a subject the team did not link, neither.
 */
export function practicesBehind(
  signal: EvidenceSignal,
  links: TeamLinks,
  verdicts: EvidenceVerdicts,
  now: Date,
): { readonly criterion: CriterionId; readonly verdict: Verdict }[] {
  const alone = teamSignals([signal], links, now);
  if (alone.length === 0) return [];
  return EVIDENCED_CRITERIA.flatMap((criterion) => {
    const verdict = RULES[criterion]?.(alone, links, now)?.verdict;
    return verdict && verdicts.get(criterion)?.verdict === verdict ? [{ criterion, verdict }] : [];
  });
}
