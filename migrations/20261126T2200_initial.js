// @ts-check
// Frozen: never edit a migration that has shipped; add a new one instead.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createTable("workspaces")
    .addColumn("team_id", "text", (c) => c.primaryKey())
    .addColumn("enterprise_id", "text")
    .addColumn("digest_channel_id", "text")
    .addColumn("digest_time_zone", "text")
    .addColumn("digest_set_by", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("uninstalled_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("ml_teams")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("team_id", "text", (c) => c.notNull().references("workspaces.team_id").onDelete("cascade"))
    .addColumn("enterprise_id", "text")
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("cadence", "text", (c) => c.notNull().check(sql`cadence in ('weekly', 'biweekly', 'monthly')`))
    .addColumn("checkin_day", "smallint", (c) => c.notNull().check(sql`checkin_day between 1 and 7`))
    .addColumn("checkin_time", "text", (c) =>
      c.notNull().check(sql`checkin_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    )
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("paused_until", "timestamptz")
    .addUniqueConstraint("ml_teams_channel_unique", ["team_id", "channel_id"])
    .execute();

  await db.schema
    .createTable("team_respondents")
    .addColumn("ml_team_id", "integer", (c) => c.notNull().references("ml_teams.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("added_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("team_respondents_pk", ["ml_team_id", "user_id"])
    .execute();

  await db.schema
    .createTable("people")
    .addColumn("team_id", "text", (c) => c.notNull().references("workspaces.team_id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) =>
      c.check(sql`role in ('data_scientist', 'data_engineer', 'software_engineer', 'ml_engineer', 'other')`),
    )
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("people_pk", ["team_id", "user_id"])
    .execute();

  // One row per person per round; `period` is the local date the round starts on (its stable id).
  await db.schema
    .createTable("answers")
    .addColumn("ml_team_id", "integer", (c) => c.notNull().references("ml_teams.id").onDelete("cascade"))
    .addColumn("period", "text", (c) => c.notNull().check(sql`period ~ '^\\d{4}-\\d{2}-\\d{2}$'`))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("met", sql`text[]`, (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("submitted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("answers_pk", ["ml_team_id", "period", "user_id"])
    .execute();

  // History: the team's result for each closed round.
  await db.schema
    .createTable("round_snapshots")
    .addColumn("ml_team_id", "integer", (c) => c.notNull().references("ml_teams.id").onDelete("cascade"))
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("prompted", "boolean", (c) => c.notNull())
    .addColumn("answered", "integer", (c) => c.notNull())
    .addColumn("expected", "integer", (c) => c.notNull())
    .addColumn("level", "smallint")
    .addColumn("met", sql`text[]`, (c) => c.notNull())
    .addColumn("disputed", sql`text[]`, (c) => c.notNull())
    .addColumn("closed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("round_snapshots_pk", ["ml_team_id", "period"])
    .execute();

  // Exactly-once outbox: a message is claimed by inserting its key; the outcome is recorded on the row.
  await db.schema
    .createTable("deliveries")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("ml_team_id", "integer", (c) => c.references("ml_teams.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('claimed', 'sent', 'failed', 'skipped')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("claimed_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .addColumn("channel_id", "text")
    .addColumn("message_ts", "text")
    .addColumn("error", "text")
    .execute();
  await db.schema
    .createIndex("deliveries_team_kind_idx")
    .on("deliveries")
    .columns(["ml_team_id", "kind", "period"])
    .execute();

  await db.schema
    .createTable("snoozes")
    .addColumn("ml_team_id", "integer", (c) => c.notNull().references("ml_teams.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("until", "timestamptz", (c) => c.notNull())
    .addColumn("snoozed_by", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("snoozes_pk", ["ml_team_id", "kind"])
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  for (const table of [
    "snoozes",
    "deliveries",
    "round_snapshots",
    "answers",
    "people",
    "team_respondents",
    "ml_teams",
    "workspaces",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
