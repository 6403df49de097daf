// Short ephemeral answers of /mlops digest, pause, resume and the snooze button. User text is escaped.
import { localParts } from "../../domain/calendar.js";
import type { DigestOutcome } from "../../services/digest-channel.js";
import type { Refusal } from "../../services/directory.js";
import type { OrgDigestOutcome } from "../../services/org-digest.js";
import type { PauseOutcome, ResumeOutcome } from "../../services/pause.js";
import type { SnoozeOutcome } from "../../services/snooze.js";
import type { EphemeralMessage } from "./help.js";
import { escapeMrkdwn, inlineCode, nameText, truncate } from "./mrkdwn.js";
import { shortDate } from "./phrases.js";

function ephemeral(text: string): EphemeralMessage {
  return { response_type: "ephemeral", text };
}

function name(teamName: string): string {
  return `*${nameText(teamName, 80)}*`;
}

/** "Mon 13 Apr 2026, 14:05 (Europe/Berlin)" as the fallback of a date shown by Slack in the reader's own time zone. */
export function when(instant: Date, timeZone: string): string {
  const local = localParts(instant, timeZone);
  const time = `${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")}`;
  // The year too: a pause may end next year, and the fallback is read where Slack cannot format the date.
  const fallback = `${shortDate(local.date)} ${local.date.slice(0, 4)}, ${time} (${timeZone})`;
  return `<!date^${Math.floor(instant.getTime() / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

export function noTeamHere(channelId: string, verb: string): EphemeralMessage {
  return ephemeral(
    `There is no ML team set up in <#${channelId}>. Run \`/mlops ${verb}\` in the team's own channel, or \`/mlops setup\` here to register one.`,
  );
}

/** `/mlops pause` or `resume` outside a channel: a team belongs to its channel. `typed`: the words after the verb. */
export function scheduleNeedsChannel(verb: "pause" | "resume", typed = ""): EphemeralMessage {
  const command = truncate(`/mlops ${verb}${typed ? ` ${typed}` : ""}`, 60);
  return ephemeral(
    `Run ${inlineCode(command)} in the ML team's own channel (not in a direct message). \`/mlops teams\` lists the teams and their channels.`,
  );
}

/** Those who may pause, resume or snooze a team. */
function whoMay(team: { createdBy: string }): string {
  return `the team's respondents, <@${team.createdBy}> who set it up, and workspace admins and owners`;
}

/** Why someone may not pause or resume a team, who may, and what to do instead. */
export function scheduleRefused(
  verb: "pause" | "resume",
  team: { name: string; createdBy: string },
  refusal: Refusal,
): EphemeralMessage {
  const who = whoMay(team);
  const why =
    refusal.kind === "unverified"
      ? `I couldn't check with Slack who you are (${escapeMrkdwn(truncate(refusal.error, 40))}), so ${name(team.name)} was not ${verb}d. Only ${who} can ${verb} it.`
      : `:no_entry: Only ${who} can ${verb} ${name(team.name)}, so nothing changed.`;
  const instead =
    verb === "pause"
      ? `Ask one of them to run \`${escapeMrkdwn(PAUSE_USAGE)}\`, or mute this channel in Slack if the check-ins are only too many for you.`
      : "Ask one of them to run `/mlops resume`.";
  return ephemeral(`${why} ${instead}`);
}

export const PAUSE_USAGE = "/mlops pause <weeks>";

export function pauseUsage(given: string): EphemeralMessage {
  const quoted = `“${escapeMrkdwn(truncate(given, 40))}”`;
  const what =
    given === ""
      ? "How many weeks?"
      : /^[-+]?\d+([.,]\d+)?\s*(w|wk|wks|week|weeks)?$/i.test(given.trim())
        ? `${quoted} is outside what a pause can be: a whole number of weeks from 1 to 52.`
        : `${quoted} is not a number of weeks.`;
  return ephemeral(
    `${what} Use \`${escapeMrkdwn(PAUSE_USAGE)}\` with 1 to 52 weeks, e.g. \`/mlops pause 2\` over the holidays. \`/mlops resume\` ends a pause early.`,
  );
}

export function paused(teamName: string, until: Date, timeZone: string): EphemeralMessage {
  return ephemeral(
    `:double_vertical_bar: ${name(teamName)} is paused until ${when(until, timeZone)}: no check-in prompts, reminders or nudges until then. ` +
      "Digests of rounds that were answered still arrive. `/mlops resume` ends the pause early.",
  );
}

export function resumed(teamName: string): EphemeralMessage {
  return ephemeral(
    `:arrow_forward: ${name(teamName)} is back on: prompts, reminders and nudges continue, and anything this round still owes the team goes out within a minute.`,
  );
}

export function notPaused(teamName: string): EphemeralMessage {
  return ephemeral(
    `${name(teamName)} is not paused, so there is nothing to resume. \`${escapeMrkdwn(PAUSE_USAGE)}\` pauses it.`,
  );
}

export function digestNeedsChannel(): EphemeralMessage {
  return ephemeral(
    "Run `/mlops digest` in the channel where the weekly digest of all teams should go (not in a direct message).",
  );
}

export function digestUsage(given: string): EphemeralMessage {
  return ephemeral(
    `I don't understand “${escapeMrkdwn(truncate(given, 40))}”. \`/mlops digest\` sends the weekly digest of all teams to this channel; \`/mlops digest off\` stops it.`,
  );
}

/** `zoneIsYours`: false when Slack would not say the person's time zone and UTC stands in. */
export function digestSet(
  channelId: string,
  timeZone: string,
  previous: string | null,
  zoneIsYours = true,
): EphemeralMessage {
  const moved = previous && previous !== channelId ? ` It no longer goes to <#${previous}>.` : "";
  const zone = zoneIsYours
    ? `${timeZone}, your time zone`
    : `${timeZone}: Slack didn't tell me your time zone`;
  return ephemeral(
    `:bar_chart: The weekly MLOps digest of all teams now goes to <#${channelId}>, every Monday at 09:00 (${zone}).${moved} ` +
      "If this week's digest has not gone out yet, it comes within a minute. Make sure I'm a member of this channel. `/mlops digest off` stops it.",
  );
}

/** Why someone may not move or stop the digest, who may, and what to do instead. */
export function digestRefused(
  current: { channelId: string; setBy: string | null },
  turningOff: boolean,
  refusal: Refusal,
): EphemeralMessage {
  const setter = current.setBy ? `<@${current.setBy}>, who sent it there, and ` : "";
  const who = `${setter}workspace admins and owners`;
  const change = turningOff ? "stop it" : "move it";
  const why =
    refusal.kind === "unverified"
      ? `I couldn't check with Slack who you are (${escapeMrkdwn(truncate(refusal.error, 40))}), so nothing changed.`
      : ":no_entry: Nothing changed.";
  return ephemeral(
    `${why} The weekly MLOps digest goes to <#${current.channelId}>, and only ${who} can ${change}. ` +
      "Ask one of them, or use `/mlops teams` to see every team's level at any time.",
  );
}

export function digestChangedMeanwhile(): EphemeralMessage {
  return ephemeral(
    "Someone changed the weekly digest's channel at the same moment, so I left it as they set it. Run `/mlops digest` again if you still want it here.",
  );
}

export function digestOff(previous: string | null): EphemeralMessage {
  return ephemeral(
    previous
      ? `The weekly MLOps digest no longer goes to <#${previous}>. \`/mlops digest\` in a channel turns it back on.`
      : "There was no weekly digest to stop. `/mlops digest` in a channel sends it there.",
  );
}

export function snoozed(
  teamName: string,
  kindLabel: string,
  until: Date,
  timeZone: string,
): EphemeralMessage {
  return ephemeral(
    `:zzz: No ${kindLabel} nudges for ${name(teamName)} until ${when(until, timeZone)}. Digests and other nudges continue.`,
  );
}

export function snoozeInvalid(): EphemeralMessage {
  return ephemeral(
    "This button is out of date, so nothing was snoozed. The next nudge comes with a working one.",
  );
}

export function snoozeTeamGone(): EphemeralMessage {
  return ephemeral(
    "I couldn't find that ML team in this workspace: it may have been removed, so nothing was snoozed. `/mlops teams` lists the teams.",
  );
}

export function snoozeRefused(team: { name: string; createdBy: string }, refusal: Refusal): EphemeralMessage {
  const why =
    refusal.kind === "unverified"
      ? `I couldn't check with Slack who you are (${escapeMrkdwn(truncate(refusal.error, 40))}), so nothing was snoozed. Only ${whoMay(team)} can snooze ${name(team.name)}'s nudges.`
      : `:no_entry: Only ${whoMay(team)} can snooze ${name(team.name)}'s nudges, so nothing was snoozed.`;
  return ephemeral(
    `${why} Ask one of them, or mute the channel in Slack if the nudges are only too many for you.`,
  );
}

/** The button was not in the team's own nudge in its channel. */
export function snoozeElsewhere(channelId: string): EphemeralMessage {
  return ephemeral(
    `This button belongs to a nudge in <#${channelId}>, so nothing was snoozed here. Snooze from the nudge in the team's own channel.`,
  );
}

/** What the Snooze button answers the person who clicked it. */
export function snoozeReply(outcome: SnoozeOutcome, kindLabel: string): EphemeralMessage {
  switch (outcome.kind) {
    case "team-gone":
      return snoozeTeamGone();
    case "elsewhere":
      return snoozeElsewhere(outcome.channelId);
    case "refused":
      return snoozeRefused(outcome.team, outcome.refusal);
    case "snoozed":
      return snoozed(outcome.name, kindLabel, outcome.until, outcome.timeZone);
  }
}

/** What /mlops digest answers. */
export function digestReply(outcome: DigestOutcome): EphemeralMessage {
  switch (outcome.kind) {
    case "set":
      return digestSet(outcome.channelId, outcome.timeZone, outcome.previous, outcome.zoneIsTheirs);
    case "off":
      return digestOff(outcome.previous);
    case "refused":
      return digestRefused(outcome.current, outcome.turningOff, outcome.refusal);
    case "changed-meanwhile":
      return digestChangedMeanwhile();
  }
}

/** What /mlops digest org answers. */
export function orgDigestReply(outcome: OrgDigestOutcome): EphemeralMessage {
  switch (outcome.kind) {
    case "not-org-wide":
      return ephemeral(
        "`/mlops digest org` is for an app installed org-wide on Enterprise Grid, and this workspace has its own install. `/mlops digest` sends this workspace's digest here.",
      );
    case "refused":
      return ephemeral(
        outcome.error
          ? `I couldn't check whether you are an org admin (Slack said \`${escapeMrkdwn(outcome.error)}\`), so nothing changed. Please try again.`
          : "Only an org admin or owner of your Enterprise Grid organisation can choose the organisation's digest channel. Nothing changed. `/mlops digest` sends this workspace's own digest here.",
      );
    case "set": {
      const moved =
        outcome.previous && outcome.previous !== outcome.channelId
          ? ` It no longer goes to <#${outcome.previous}>.`
          : "";
      return ephemeral(
        `:bar_chart: The weekly MLOps digest of every team in the organisation (all its workspaces) now goes to <#${outcome.channelId}>, every Monday at 09:00 (${outcome.timeZone}).${moved} Each workspace's own \`/mlops digest\` goes on as before. \`/mlops digest org off\` stops it.`,
      );
    }
    case "off":
      return ephemeral(
        outcome.previous
          ? `The organisation's weekly MLOps digest no longer goes to <#${outcome.previous}>.`
          : "There was no organisation digest to stop. `/mlops digest org` in a channel sends it there.",
      );
  }
}

/** What /mlops pause answers in `channelId`. */
export function pauseReply(outcome: PauseOutcome, channelId: string): EphemeralMessage {
  switch (outcome.kind) {
    case "no-team":
      return noTeamHere(channelId, "pause");
    case "refused":
      return scheduleRefused("pause", outcome.team, outcome.refusal);
    case "paused":
      return paused(outcome.name, outcome.until, outcome.timeZone);
  }
}

/** What /mlops resume answers in `channelId`. */
export function resumeReply(outcome: ResumeOutcome, channelId: string): EphemeralMessage {
  switch (outcome.kind) {
    case "no-team":
      return noTeamHere(channelId, "resume");
    case "refused":
      return scheduleRefused("resume", outcome.team, outcome.refusal);
    case "resumed":
      return resumed(outcome.name);
    case "not-paused":
      return notPaused(outcome.name);
  }
}
