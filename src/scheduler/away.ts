// Before reminders go out: who of the respondents due a first reminder is away by their Slack status. One
// users.info per such person, a few at a time; when Slack does not answer, the person is reminded as usual
// (a reminder too many beats a missed one).
import { awayReason, awayRule, isAway } from "../domain/away.js";
import type { Logger } from "../logger.js";
import type { SlackAccess } from "../slack/api/client.js";
import { slackStatusOf } from "../slack/api/user-status.js";
import { mapPool } from "../slots.js";
import type { DueReminder, Skip } from "./units.js";

const LOOKUPS_AT_ONCE = 8;

/**
 * The reminders to send, and a skip for each reminder not sent yet whose respondent's status says away
 * (one already decided is not asked about again).
 */
export async function withoutAway(
  due: readonly DueReminder[],
  run: { slack: SlackAccess; awayStatuses: readonly string[]; now: Date; logger: Logger },
): Promise<{ due: DueReminder[]; skips: Skip[] }> {
  const rule = awayRule(run.awayStatuses);
  if (rule.emoji.size === 0 && rule.phrases.length === 0) return { due: [...due], skips: [] };
  const person = ({ ref, userId }: DueReminder) => `${ref.teamId}:${userId}`;
  const people = new Map<string, { teamId: string; userId: string }>();
  for (const r of due)
    if (r.claim?.mode === "insert") people.set(person(r), { teamId: r.ref.teamId, userId: r.userId });
  const away = new Map<string, string>();
  await mapPool([...people], LOOKUPS_AT_ONCE, async ([key, { teamId, userId }]) => {
    try {
      const status = await slackStatusOf(await run.slack.forScheduler(teamId), userId);
      if (isAway(status, rule, run.now)) away.set(key, awayReason(status));
    } catch (err) {
      run.logger.warn({ err, teamId, userId }, "could not read a Slack status; reminding as usual");
    }
  });
  const isSkipped = (r: DueReminder) => r.claim?.mode === "insert" && away.has(person(r));
  return {
    due: due.filter((r) => !isSkipped(r)),
    skips: due.filter(isSkipped).map((r) => ({ ...r.ref, reason: away.get(person(r)) as string })),
  };
}
