// Running the scheduler against a FakeSlack, and reading back what it posted and recorded.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/db/schema.js";
import type { Deps } from "../../src/deps.js";
import type { FakeSlack, RecordedCall } from "../../src/fake-slack/server.js";
import { ChannelPacer } from "../../src/scheduler/pacer.js";
import { type TickOptions, type TickReport, tick } from "../../src/scheduler/tick.js";
import { blockIds } from "./messages.js";

/** tick against the FakeSlack through the real WebClient; no pacing unless asked. */
export function tickAt(deps: Deps, at: string | Date, options: TickOptions = {}): Promise<TickReport> {
  return tick(deps, new Date(at), { pacer: new ChannelPacer(0), ...options });
}

export function posts(slack: FakeSlack, channel?: string): RecordedCall[] {
  return slack.callsTo("chat.postMessage").filter((c) => channel === undefined || c.args.channel === channel);
}

/** What kind of scheduled message a post is, read from its main block. */
export function kindOf(call: RecordedCall): string {
  const ids = blockIds(call.args);
  if (ids.includes("checkin_prompt")) return "prompt";
  if (ids.includes("checkin_reminder")) return "reminder";
  const nudge = ids.find((id) => /^nudge:[a-z_]+$/.test(id));
  if (nudge) return nudge;
  if (ids.some((id) => id.startsWith("org:"))) return "org_digest";
  if (ids.some((id) => id.startsWith("level:"))) return "team_digest";
  return "unknown";
}

export function kinds(slack: FakeSlack, channel?: string): string[] {
  return posts(slack, channel).map(kindOf);
}

export async function deliveryRows(db: Kysely<Database>) {
  return db.selectFrom("deliveries").selectAll().orderBy("key").execute();
}

/** The outbox row of one message, by its key. */
export async function deliveryRow(db: Kysely<Database>, key: string) {
  return db.selectFrom("deliveries").selectAll().where("key", "=", key).executeTakeFirst();
}

/** How many messages Slack holds for each outbox key (read from their metadata): 1 each is exactly once. */
export function copiesByKey(slack: FakeSlack): Map<string, number> {
  const copies = new Map<string, number>();
  for (const message of slack.messages()) {
    const key = message.metadata?.event_payload.key;
    if (typeof key === "string") copies.set(key, (copies.get(key) ?? 0) + 1);
  }
  return copies;
}

/** Moves claims back in time by the database's clock, as if their process had stopped that long ago. */
export async function ageClaims(db: Kysely<Database>, seconds: number): Promise<void> {
  await sql`update deliveries set claimed_at = claimed_at - make_interval(secs => ${seconds})
            where status = 'claimed'`.execute(db);
}
