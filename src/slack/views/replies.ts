import type { ModalView } from "@slack/types";
import type { TeamSchedule } from "../../domain/calendar.js";
import { criterion } from "../../domain/rubric.js";
import type { CheckinRefused, CountedResult, Landing, UnchangedOutcome } from "../../services/checkin.js";
import type { TeamReference } from "../../services/team-lookup.js";
import { exemptionSummary } from "./exemption-summary.js";
import type { EphemeralMessage } from "./help.js";
import { escapeMrkdwn, nameText, truncate } from "./mrkdwn.js";
import { levelTitle, people, plural, scheduleSentence, shortDate, strictNote } from "./phrases.js";
import { noTeamMessage, teamName } from "./status.js";

// Short answers: confirmations, refusals and "nothing here" explanations. User text is always escaped.

/** Slack refused the trigger of a form (more than 3 s had passed, or it was used): nothing opened. */
export function tooSlowToOpen(again: string): string {
  return `:hourglass: That took too long: Slack lets me open a form only within 3 seconds of your request, and they had passed. Nothing was changed; please ${again}.`;
}

export function ephemeral(text: string): EphemeralMessage {
  return { response_type: "ephemeral", text };
}

export function setupConfirmation(input: {
  name: string;
  schedule: TeamSchedule;
  respondents: number;
  created: boolean;
}): string {
  const verb = input.created ? "is set up" : "is updated";
  const first = `:white_check_mark: *${teamName(input.name)}* ${verb}: ${scheduleSentence(input.schedule)} for ${people(input.respondents)}.`;
  return input.created ? `${first} Anyone in the team can run \`/mlops checkin\` here to answer now.` : first;
}

export function checkinConfirmation(name: string, counted: CountedResult, landed?: Landing): string {
  switch (landed?.kind) {
    case "late":
      return `Thanks! The round of ${shortDate(landed.period)} has closed, but its digest has not gone out yet, so your answer counts for it. ${standing(name, counted)}`;
    case "moved":
      return `:information_source: The round of ${shortDate(landed.openedFor)} has closed and its digest has gone out, so your answer is saved for the current round (${shortDate(landed.period)}) instead. ${standing(name, counted)}`;
    default:
      return `Thanks! ${standing(name, counted)}`;
  }
}

/**
 * "*Team* is at *Level 2 — …*; next: …. (3 answers this round; …)", with any practice not applicable, and
 * under the strict evidence policy how many disputed practices the level leaves out.
 */
function standing(name: string, { result, leftOut }: CountedResult): string {
  const { level, next } = result.evaluation;
  const then = next ? `next: ${criterion(next).title}` : "every practice in the model is in place";
  const count = plural(result.respondents, "answer");
  const exempt = exemptionSummary(result.notApplicable);
  return `*${teamName(name)}* is at *${levelTitle(level)}*${strictNote(leftOut.length)}; ${then}.${exempt ? ` ${exempt}.` : ""} (${count} this round; \`/mlops status\` shows the details.)`;
}

/** After "Nothing changed": the answer repeated for the round (or the one already given kept). */
export function unchangedConfirmation(
  input: {
    name: string;
    period: string;
    alreadyAnswered: boolean;
  } & CountedResult,
): string {
  const round = `the round of ${shortDate(input.period)}`;
  const lead = input.alreadyAnswered
    ? `:ballot_box_with_check: You have already answered ${round}, so your answer stays as it is (open *Check in* to change it).`
    : `:white_check_mark: Counted: nothing changed since your last answer, so it is your answer for ${round}.`;
  return `${lead} ${standing(input.name, input)}`;
}

/** What "Nothing changed" tells the person (other than opening the check-in): a notice's title and its text. */
export function unchangedReply(outcome: Exclude<UnchangedOutcome, { kind: "no-previous" }>): {
  title: string;
  text: string;
} {
  switch (outcome.kind) {
    case "confirmed":
      return {
        title: "Check-in saved",
        text: unchangedConfirmation({ name: outcome.team.name, ...outcome }),
      };
    case "refused":
      return { title: "Not your team", text: checkinRefused(outcome).text };
    case "team-gone":
      return { title: "Team not found", text: teamNotFound().text };
  }
}

export function setupRefused(createdBy: string): EphemeralMessage {
  return ephemeral(
    `:no_entry: Only workspace admins and owners, and <@${createdBy}> who set up this team, can change its settings. Ask one of them, or run \`/mlops status\` to see where the team stands.`,
  );
}

export const SETUP_REFUSED_FIELD =
  "Only workspace admins and owners, and the person who set up this team, can change its settings.";

export function setupNeedsChannel(): EphemeralMessage {
  return ephemeral(
    "Run `/mlops setup` in your ML team's channel: a team belongs to the channel it is set up in.",
  );
}

/** Someone who is neither a respondent nor in the team's channel tried to answer for it. */
export function checkinRefused({ team, unverified }: CheckinRefused): EphemeralMessage {
  const channel = `<#${team.channelId}>`;
  const ask = `ask <@${team.createdBy}>, who set the team up, or a workspace admin to add you as a respondent with \`/mlops setup\` in ${channel}`;
  const rule = `*${teamName(team.name)}* is answered for by its respondents and the members of ${channel}`;
  return ephemeral(
    unverified === undefined
      ? `:no_entry: ${rule}, and you are neither. Join ${channel}, or ${ask}.`
      : `:no_entry: ${rule}, and Slack would not tell me whether you are in it (\`${escapeMrkdwn(unverified)}\`). To answer, ${ask}.`,
  );
}

/** The same refusal under a field of the check-in modal, where only plain text shows. */
export const CHECKIN_REFUSED_FIELD =
  "Only this team's respondents and the members of its channel can answer for it. Join the channel, or ask whoever set up the team, or a workspace admin, to add you with /mlops setup.";

export function noTeamForCheckin(channelId: string, mentioned: boolean): EphemeralMessage {
  return ephemeral(
    `There is no ML team set up in <#${channelId}> yet. Run \`/mlops setup\` ${mentioned ? `in <#${channelId}>` : "here"} first, then \`/mlops checkin\`.`,
  );
}

/** A name several teams share; each is named by its channel, which is unique. */
export function ambiguousTeamName(argument: string, channelIds: readonly string[]): EphemeralMessage {
  const where = channelIds.map((id) => `<#${id}>`).join(", ");
  return ephemeral(
    `More than one team is called “${nameText(argument, 80)}” (${where}). Mention the team's channel instead, like #ml-platform.`,
  );
}

/** `/mlops status` or `checkin` in a direct message, without naming a team. */
export function nameATeam(verb: string): EphemeralMessage {
  return ephemeral(
    `Run \`/mlops ${verb}\` in an ML team's channel, or name the channel: \`/mlops ${verb} #ml-platform\`. \`/mlops teams\` lists every team.`,
  );
}

export function teamNotFound(): EphemeralMessage {
  return ephemeral(
    "I couldn't find that ML team: it may have been removed. Run `/mlops teams` to see the teams of this workspace.",
  );
}

export function unknownChannelArgument(argument: string): EphemeralMessage {
  return ephemeral(
    `I couldn't find a team for “${nameText(argument, 80)}”. Mention the channel like #ml-platform, or run \`/mlops teams\` to see every team.`,
  );
}

/** Shown in a modal when a button points at a team that is gone (no response_url to answer on). */
export function noticeModal(title: string, text: string): ModalView {
  return {
    type: "modal",
    title: { type: "plain_text", text: truncate(title, 24) },
    close: { type: "plain_text", text: "Close" },
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
  };
}

/** The answer to `/mlops status`, `checkin`, `history` or `export` when the team the person meant could not be found. */
export function unresolvedTeam(
  reference: Exclude<TeamReference<unknown>, { kind: "found" }>,
  verb: "status" | "checkin" | "history" | "export" | "evidence",
): EphemeralMessage {
  switch (reference.kind) {
    case "no-team":
      return verb === "checkin"
        ? noTeamForCheckin(reference.channelId, reference.mentioned)
        : noTeamMessage(reference.channelId, reference.mentioned);
    case "ambiguous":
      return ambiguousTeamName(reference.argument, reference.channelIds);
    case "unknown":
      return unknownChannelArgument(reference.argument);
    case "not-a-channel":
      return nameATeam(verb);
  }
}
