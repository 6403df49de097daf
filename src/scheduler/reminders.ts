// One direct message per person: the reminders due to one respondent at once, for every team they answer
// for, go out as one message with each team's buttons. The first team's reminder carries it; the others are
// recorded as sent with it, so no tick sends them alone, and a retry of the carrier brings them along.

import { reminderMessage } from "../slack/views/reminder.js";
import type { Unit } from "./deliver.js";
import type { DueReminder, Skip } from "./units.js";

const SENT_WITH = "sent in one message with ";

/** The carrier's key of a reminder recorded as sent with another; undefined for any other skip. */
export function sentWith(reason: string | null): string | undefined {
  return reason?.startsWith(SENT_WITH) ? reason.slice(SENT_WITH.length) : undefined;
}

/** The reminders of each person as one unit, and the skips that record the others as sent with it. */
export function groupReminders(due: readonly DueReminder[]): { units: Unit[]; skips: Skip[] } {
  const byPerson = new Map<string, DueReminder[]>();
  for (const reminder of due) {
    const person = `${reminder.ref.teamId}/${reminder.userId}`;
    byPerson.set(person, [...(byPerson.get(person) ?? []), reminder]);
  }
  const units: Unit[] = [];
  const skips: Skip[] = [];
  for (const reminders of byPerson.values()) {
    const ordered = [...reminders].sort((a, b) => a.input.mlTeamId - b.input.mlTeamId);
    const fresh = ordered.filter((r) => r.claim?.mode === "insert");
    const [carrier, ...riders] = fresh;
    // Retries carry the teams that rode with them before; new reminders ride with the first new one.
    for (const retry of ordered.filter((r) => r.claim !== null && r.claim.mode !== "insert")) {
      units.push(
        unitOf(
          retry,
          ordered.filter((r) => r.claim === null && r.with === retry.ref.key),
        ),
      );
    }
    if (carrier === undefined) continue;
    units.push(unitOf(carrier, riders));
    skips.push(...riders.map((r) => ({ ...r.ref, reason: `${SENT_WITH}${carrier.ref.key}` })));
  }
  return { units, skips };
}

function unitOf(carrier: DueReminder, riders: readonly DueReminder[]): Unit {
  const claim = carrier.claim ?? { mode: "insert" };
  const message = reminderMessage([carrier.input, ...riders.map((r) => r.input)]);
  return { ...carrier.ref, channel: carrier.userId, message, claim, order: 0 };
}
