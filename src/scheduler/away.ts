// Before reminders go out: who of the respondents still to be reminded is away by their Slack status. One
// users.info per such person, a few at a time; when Slack does not answer, the person is reminded as usual
// (a reminder too many beats a missed one).
import { type AwayRule, awayRule, isAway, type SlackStatus } from "../domain/away.js";
import { claimDecision } from "../domain/delivery-policy.js";
import { deliveryKeys, type Lookup, type TeamWork } from "../domain/due-work.js";
import type { Logger } from "../logger.js";
import type { SlackAccess } from "../slack/api/client.js";
import { slackStatusOf } from "../slack/api/user-status.js";
import { mapPool } from "../slots.js";
import type { RoundData } from "./state.js";

const LOOKUPS_AT_ONCE = 8;

/** "<workspace>:<user>" of each away respondent, with the status that says so. */
export type AwayStatuses = ReadonlyMap<string, SlackStatus>;

export const awayKey = (teamId: string, userId: string) => `${teamId}:${userId}`;

export async function awayStatuses(
  input: {
    works: readonly TeamWork[];
    data: RoundData;
    lookup: Lookup;
    now: Date;
    slack: SlackAccess;
    awayStatuses: readonly string[];
  },
  logger: Logger,
): Promise<AwayStatuses> {
  const rule: AwayRule = awayRule(input.awayStatuses);
  if (rule.emoji.size === 0 && rule.phrases.length === 0) return new Map();
  const people = new Map<string, { teamId: string; userId: string }>();
  for (const { team, rounds, remind } of input.works) {
    if (!remind) continue;
    const period = rounds.current.period;
    const answered = new Set(input.data.answers(team.id, period).map((a) => a.user_id));
    for (const userId of input.data.respondents(team.id)) {
      if (answered.has(userId)) continue;
      // Only reminders still to be sent for the first time: one already decided is not asked about again.
      const claim = claimDecision(input.lookup(deliveryKeys.reminder(team.id, period, userId)), input.now);
      if (claim?.mode === "insert") people.set(awayKey(team.teamId, userId), { teamId: team.teamId, userId });
    }
  }
  const found = new Map<string, SlackStatus>();
  await mapPool([...people.values()], LOOKUPS_AT_ONCE, async ({ teamId, userId }) => {
    try {
      const client = await input.slack.forScheduler(teamId);
      const status = await slackStatusOf(client, userId);
      if (isAway(status, rule, input.now)) found.set(awayKey(teamId, userId), status);
    } catch (err) {
      logger.warn({ err, teamId, userId }, "could not read a Slack status; reminding as usual");
    }
  });
  return found;
}
