// Answering the check-in: the form a person is shown, and recording what they answered. A team's level is
// its own people's view: only its respondents, and the members of its channel (who become respondents by
// answering), may answer for it, both when the form opens and when it is submitted.
import { latestAnswerOf, roundAnswers, saveAnswer } from "../db/answers.js";
import { saveCheckin } from "../db/checkins.js";
import { isUnderWay } from "../db/deliveries.js";
import { findRole } from "../db/people.js";
import { addRespondents, isRespondent } from "../db/respondents.js";
import type { Answer, MlTeam } from "../db/schema.js";
import { closedRounds } from "../db/snapshots.js";
import { findTeamByChannel, findTeamById, findTeamForPerson, scheduleOf } from "../db/teams.js";
import { previousRound, roundAt } from "../domain/calendar.js";
import { type CheckinChoices, choicesFor } from "../domain/checkin.js";
import { deliveryKeys } from "../domain/due-work.js";
import type { PracticeEvidence } from "../domain/evidence.js";
import { withEvidence } from "../domain/evidence-level.js";
import { respondentAnswer, type StoredAnswer, storedAnswer } from "../domain/not-applicable.js";
import type { Role } from "../domain/roles.js";
import { type RoundResult, roundResult } from "../domain/round-result.js";
import { CRITERION_IDS, type CriterionId } from "../domain/rubric.js";
import type { ServiceContext } from "./context.js";
import type { Directory } from "./directory.js";
import { reevaluateClosedRounds } from "./reevaluate.js";
import { loadTeamEvidence } from "./team-evidence.js";
import { lookUpTeam, type TeamQuery, type TeamReference } from "./team-lookup.js";

export { NOTE_MAX_LENGTH } from "../domain/checkin.js";

/** Where the form was opened from: an answer given from the App Home refreshes the Home. */
export type CheckinOrigin = "channel" | "home";

/** The check-in as a person is asked it: their last answer and role pre-filled. */
export interface CheckinForm {
  readonly team: { readonly id: number; readonly name: string };
  /** The round the answer will count for. */
  readonly period: string;
  /** The person's last answer. `sameRound` means saving replaces it. */
  readonly previous: {
    readonly choices: CheckinChoices;
    /** Practices they said do not apply, with their reason. */
    readonly notApplicable: ReadonlyMap<CriterionId, string>;
    readonly note: string | null;
    readonly sameRound: boolean;
  } | null;
  readonly role: Role | null;
  readonly origin: CheckinOrigin;
  /** What the team's linked systems show, in rubric order: supported practices come pre-ticked. */
  readonly evidence: readonly PracticeEvidence[];
}

/** What a person answered: the criteria met (ladders expanded), their role and a note. */
export interface CheckinAnswer {
  readonly met: CriterionId[];
  /** Checkbox practices that do not apply to the team, with the person's reason. */
  readonly notApplicable: ReadonlyMap<CriterionId, string>;
  readonly role: Role | null;
  readonly note: string | null;
}

/** Someone outside the team: who could let them in, and why the bot could not (or would not) check. */
export interface CheckinRefused {
  readonly kind: "refused";
  readonly team: { readonly name: string; readonly channelId: string; readonly createdBy: string };
  /** Slack's error when it would not say whether the person is in the channel; undefined when they are not. */
  readonly unverified: string | undefined;
}

/** `/mlops checkin [#channel | name]`: the form for the team the person means, if they may answer for it. */
export async function checkinFormFor(
  ctx: ServiceContext,
  directory: Directory,
  request: { teamId: string; userId: string; query: TeamQuery },
): Promise<TeamReference<CheckinForm> | CheckinRefused> {
  const reference = await lookUpTeam(ctx.db, request.teamId, request.query, findTeamByChannel);
  if (reference.kind !== "found") return reference;
  const refused = await refusal(ctx, directory, reference.team, request.userId);
  return refused ?? { kind: "found", team: await formOf(ctx, reference.team, request.userId, "channel") };
}

/** A Check in button: the team it names, or the team of the channel it was clicked in; null when gone. */
export async function checkinFormForButton(
  ctx: ServiceContext,
  directory: Directory,
  request: { teamId: string; userId: string; target: { mlTeamId: number } | { channelId: string } | null },
  origin: CheckinOrigin,
): Promise<CheckinForm | CheckinRefused | null> {
  const { target } = request;
  if (target === null) return null;
  const team =
    "mlTeamId" in target
      ? await findTeamById(ctx.db, request.teamId, target.mlTeamId)
      : await findTeamByChannel(ctx.db, request.teamId, target.channelId);
  if (!team) return null;
  return (await refusal(ctx, directory, team, request.userId)) ?? formOf(ctx, team, request.userId, origin);
}

/** Null when the person may answer for the team: a respondent, or a member of its channel. */
async function refusal(
  ctx: ServiceContext,
  directory: Directory,
  team: MlTeam,
  userId: string,
  /** Whether they are a respondent, when the caller read it with the team. */
  respondent?: boolean,
): Promise<CheckinRefused | null> {
  if (respondent ?? (await isRespondent(ctx.db, team.id, userId))) return null; // no need to ask Slack
  const membership = await directory.isMember(team.channel_id, userId);
  if (membership.ok && membership.member) return null;
  return {
    kind: "refused",
    team: { name: team.name, channelId: team.channel_id, createdBy: team.created_by },
    unverified: membership.ok ? undefined : membership.error,
  };
}

function stored(answer: Answer): StoredAnswer {
  return { met: answer.met, notApplicable: answer.not_applicable };
}

async function formOf(ctx: ServiceContext, team: MlTeam, userId: string, origin: CheckinOrigin) {
  const period = roundAt(scheduleOf(team), ctx.clock()).period;
  const previous = await latestAnswerOf(ctx.db, team.id, userId);
  const role = await findRole(ctx.db, team.team_id, userId);
  const evidence = await loadTeamEvidence(ctx, team.team_id, team.id);
  return {
    team: { id: team.id, name: team.name },
    period,
    previous: previous
      ? {
          choices: choicesFor(respondentAnswer(stored(previous)).met),
          notApplicable: respondentAnswer(stored(previous)).notApplicable,
          note: previous.note,
          sameRound: previous.period === period,
        }
      : null,
    role,
    origin,
    evidence: CRITERION_IDS.flatMap((id) => {
      const verdict = evidence?.verdicts.get(id);
      return verdict ? [verdict] : [];
    }),
  };
}

export type UnchangedOutcome =
  | { readonly kind: "team-gone" }
  | CheckinRefused
  /** Nothing to repeat: the person never answered for this team. The form to answer with instead. */
  | { readonly kind: "no-previous"; readonly form: CheckinForm }
  | ({
      readonly kind: "confirmed";
      readonly team: { readonly teamId: string; readonly name: string; readonly channelId: string };
      readonly period: string;
      /** They had already answered this round: that answer stays as it is. */
      readonly alreadyAnswered: boolean;
    } & CountedResult);

/**
 * "Nothing changed": the person's previous answer (criteria and practices not applicable; their role is kept
 * in the workspace anyway) becomes their answer for the current round, marked as confirmed unchanged. The
 * note is not repeated: it said what changed then. An answer already given this round stays as it is.
 */
export async function confirmUnchanged(
  ctx: ServiceContext,
  directory: Directory,
  request: { teamId: string; userId: string; mlTeamId: number },
  origin: CheckinOrigin,
): Promise<UnchangedOutcome> {
  const team = await findTeamById(ctx.db, request.teamId, request.mlTeamId);
  if (!team) return { kind: "team-gone" };
  const refused = await refusal(ctx, directory, team, request.userId);
  if (refused) return refused;
  const now = ctx.clock();
  const { userId } = request;
  const period = roundAt(scheduleOf(team), now).period;
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const previous = await latestAnswerOf(trx, team.id, userId);
    if (!previous) return null;
    const alreadyAnswered = previous.period >= period;
    if (!alreadyAnswered) {
      const answer = {
        mlTeamId: team.id,
        teamId: team.team_id,
        period,
        userId,
        ...stored(previous),
        note: null,
      };
      await saveAnswer(trx, { ...answer, confirmedUnchanged: true }, now);
      await addRespondents(trx, team.id, [userId], now);
    }
    const answers = await roundAnswers(trx, team.id, alreadyAnswered ? previous.period : period);
    return { alreadyAnswered, result: roundResult(answers) };
  });
  if (!outcome) return { kind: "no-previous", form: await formOf(ctx, team, userId, origin) };
  return {
    kind: "confirmed",
    team: { teamId: team.team_id, name: team.name, channelId: team.channel_id },
    period,
    alreadyAnswered: outcome.alreadyAnswered,
    ...(await countedResult(ctx, team, outcome.result)),
  };
}

/**
 * Which round an answer was saved for: the current one; `late`, the round the form was opened for, closed
 * but not yet digested; `moved`, the current one because the round the form was opened for is digested.
 */
export type Landing =
  | { readonly kind: "current"; readonly period: string }
  | { readonly kind: "late"; readonly period: string }
  | { readonly kind: "moved"; readonly period: string; readonly openedFor: string };

export type CheckinOutcome =
  | { readonly kind: "team-gone" }
  | CheckinRefused
  | ({
      readonly kind: "saved";
      readonly team: { readonly teamId: string; readonly name: string; readonly channelId: string };
      readonly landed: Landing;
    } & CountedResult);

/**
 * Stores the answer for the round containing now (replacing an earlier one in that round), makes the
 * person a respondent and remembers their role. The team must belong to the workspace answering, and the
 * person to the team or its channel, whatever the form they submit says.
 */
export async function submitCheckin(
  ctx: ServiceContext,
  directory: Directory,
  request: {
    teamId: string;
    userId: string;
    mlTeamId: number;
    /** The round the form was opened for, as the bot sealed it; undefined: the current one. */
    openedFor?: string;
    answer: CheckinAnswer;
  },
): Promise<CheckinOutcome> {
  const team = await findTeamForPerson(ctx.db, request.teamId, request.mlTeamId, request.userId);
  if (!team) return { kind: "team-gone" };
  const refused = await refusal(ctx, directory, team, request.userId, team.respondent);
  if (refused) return refused;
  const now = ctx.clock();
  const { userId, answer } = request;
  const landed = await landingRound(ctx, team, request.openedFor, now);
  const { period } = landed;
  const save = (db: typeof ctx.db) =>
    saveCheckin(
      db,
      {
        mlTeamId: team.id,
        teamId: team.team_id,
        period,
        userId,
        ...storedAnswer(answer.met, answer.notApplicable),
        note: answer.note,
      },
      answer.role,
      now,
    );
  // A late answer for a round already closed: its snapshot is worked out again in the same transaction, so
  // the digest includes it. Any other answer is one statement.
  const answers =
    landed.kind === "late"
      ? await ctx.db.transaction().execute(async (trx) => {
          const saved = await save(trx);
          if ((await closedRounds(trx, [{ mlTeamId: team.id, period }])).size > 0)
            await reevaluateClosedRounds(trx, [{ mlTeamId: team.id, period, teamId: team.team_id }], now);
          return saved;
        })
      : await save(ctx.db);
  return {
    kind: "saved",
    team: { teamId: team.team_id, name: team.name, channelId: team.channel_id },
    landed,
    ...(team.strict ? await countedResult(ctx, team, roundResult(answers)) : answersAlone(answers)),
  };
}

/** The team's result as its level counts: under the strict evidence policy, without disputed practices. */
export interface CountedResult {
  readonly result: RoundResult;
  /** Practices in place that the strict policy leaves out, as evidence disputes them; empty otherwise. */
  readonly leftOut: readonly CriterionId[];
}

const answersAlone = (answers: readonly StoredAnswer[]): CountedResult => ({
  result: roundResult(answers),
  leftOut: [],
});

async function countedResult(ctx: ServiceContext, team: MlTeam, result: RoundResult): Promise<CountedResult> {
  const evidence = await loadTeamEvidence(ctx, team.team_id, team.id);
  if (evidence?.policy !== "strict") return { result, leftOut: [] };
  const counted = withEvidence(result, evidence.verdicts, "strict");
  return { result: counted.result, leftOut: counted.evidence.notCounted };
}

/**
 * The round an answer counts for: the one the form was opened for while that is the current round, or the
 * round just closed whose team digest has not started going out; otherwise the current round.
 */
async function landingRound(
  ctx: ServiceContext,
  team: MlTeam,
  openedFor: string | undefined,
  now: Date,
): Promise<Landing> {
  const schedule = scheduleOf(team);
  const current = roundAt(schedule, now);
  if (openedFor === undefined || openedFor >= current.period)
    return { kind: "current", period: current.period };
  const previous = previousRound(schedule, current).period;
  const digested = await isUnderWay(ctx.db, deliveryKeys.teamDigest(team.id, previous));
  if (openedFor === previous && !digested) return { kind: "late", period: previous };
  return { kind: "moved", period: current.period, openedFor };
}
