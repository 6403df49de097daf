// Fixtures for scheduler tests: rows inserted directly (the setup and check-in flows are tested elsewhere),
// deps pointing at a FakeSlack, and readers for what the bot posted.
import { type Kysely, sql } from "kysely";
import { type Config, loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/schema.js";
import { createDeps, type Deps } from "../../src/deps.js";
import { DEFAULT_SCHEDULE, type TeamSchedule } from "../../src/domain/calendar.js";
import type { Role } from "../../src/domain/roles.js";
import type { CriterionId } from "../../src/domain/rubric.js";
import type { FakeSlack, RecordedCall } from "../../src/fake-slack/server.js";
import type { Logger } from "../../src/logger.js";
import { ChannelPacer } from "../../src/scheduler/pacer.js";
import { type TickOptions, type TickReport, tick } from "../../src/scheduler/tick.js";
import { silentLogger } from "../support/logger.js";
import { upTo } from "../support/rounds.js";
import { TEST_SIGNING_SECRET } from "../support/signing.js";

export function testConfig(slack: FakeSlack): Config {
  return loadConfig({
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: "silent",
  });
}

export function testDeps(db: Kysely<Database>, slack: FakeSlack, logger: Logger = silentLogger()): Deps {
  // Few retries, quickly: the tests that fail a post want to see it fail, not wait for it.
  return createDeps(
    testConfig(slack),
    { db, logger },
    { webApi: { retries: 1, minRetryDelayMs: 10, timeoutMs: 5_000 } },
  );
}

/** tick against the FakeSlack through the real WebClient; no pacing unless asked. */
export function tickAt(deps: Deps, at: string | Date, options: TickOptions = {}): Promise<TickReport> {
  return tick(deps, new Date(at), { pacer: new ChannelPacer(0), ...options });
}

export async function resetTables(db: Kysely<Database>): Promise<void> {
  await sql`truncate table snoozes, deliveries, round_snapshots, answers, people, team_respondents, ml_teams, workspaces restart identity cascade`.execute(
    db,
  );
}

export interface TeamFixture {
  teamId?: string;
  channelId: string;
  name?: string;
  schedule?: Partial<TeamSchedule>;
  createdAt: string | Date;
  respondents?: string[];
  roles?: Record<string, Role>;
  pausedUntil?: string | Date | null;
}

/** A workspace (if new), an ML team, its respondents and their roles; returns the team id. */
export async function seedTeam(db: Kysely<Database>, fixture: TeamFixture): Promise<number> {
  const teamId = fixture.teamId ?? "T0";
  const createdAt = new Date(fixture.createdAt);
  await db
    .insertInto("workspaces")
    .values({ team_id: teamId, enterprise_id: null, created_at: createdAt })
    .onConflict((oc) => oc.column("team_id").doNothing())
    .execute();
  const schedule: TeamSchedule = { ...DEFAULT_SCHEDULE, timeZone: "UTC", ...fixture.schedule };
  const team = await db
    .insertInto("ml_teams")
    .values({
      team_id: teamId,
      enterprise_id: null,
      channel_id: fixture.channelId,
      name: fixture.name ?? `team ${fixture.channelId}`,
      cadence: schedule.cadence,
      checkin_day: schedule.checkinDay,
      checkin_time: schedule.checkinTime,
      time_zone: schedule.timeZone,
      created_by: "UCREATOR",
      created_at: createdAt,
      updated_at: createdAt,
      paused_until: fixture.pausedUntil ? new Date(fixture.pausedUntil) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const respondents = fixture.respondents ?? [];
  if (respondents.length > 0) {
    await db
      .insertInto("team_respondents")
      .values(respondents.map((user_id) => ({ ml_team_id: team.id, user_id, added_at: createdAt })))
      .execute();
  }
  for (const [userId, role] of Object.entries(fixture.roles ?? {})) {
    await db
      .insertInto("people")
      .values({ team_id: teamId, user_id: userId, role })
      .onConflict((oc) => oc.columns(["team_id", "user_id"]).doUpdateSet({ role }))
      .execute();
  }
  return team.id;
}

export async function answer(
  db: Kysely<Database>,
  a: { mlTeamId: number; period: string; userId: string; met: readonly CriterionId[]; teamId?: string },
): Promise<void> {
  await db
    .insertInto("answers")
    .values({
      ml_team_id: a.mlTeamId,
      period: a.period,
      user_id: a.userId,
      team_id: a.teamId ?? "T0",
      met: [...a.met],
    })
    .onConflict((oc) => oc.columns(["ml_team_id", "period", "user_id"]).doUpdateSet({ met: [...a.met] }))
    .execute();
}

export { upTo };

/** What the seed describes as Level 1: DevOps in place, roles siloed, models handed over by hand. */
export const SEED_LEVEL_1: readonly CriterionId[] = upTo(1);

export function posts(slack: FakeSlack, channel?: string): RecordedCall[] {
  return slack.callsTo("chat.postMessage").filter((c) => channel === undefined || c.args.channel === channel);
}

export function blockIds(call: RecordedCall): string[] {
  return ((call.args.blocks as { block_id?: string }[] | undefined) ?? []).flatMap((b) =>
    b.block_id ? [b.block_id] : [],
  );
}

/** What kind of scheduled message a post is, read from its main block. */
export function kindOf(call: RecordedCall): string {
  const ids = blockIds(call);
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

/** All mrkdwn and plain text of a post's blocks, for content assertions. */
export function textOf(call: RecordedCall): string {
  return JSON.stringify(call.args.blocks ?? []);
}

export async function deliveryRows(db: Kysely<Database>) {
  return db.selectFrom("deliveries").selectAll().orderBy("key").execute();
}
