// Where and in which time zone each workspace gets its weekly org digest.
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";

export interface DigestSetting {
  teamId: string;
  channelId: string;
  timeZone: string;
  setBy: string;
}

/**
 * Sends the workspace's digest to a channel, but only while it still goes where the caller saw it
 * (`expected`): two people changing it at once cannot both succeed on what they read. False when it
 * had changed meanwhile.
 */
export async function setDigestChannel(
  db: Kysely<Database>,
  setting: DigestSetting,
  expected: string | null,
): Promise<boolean> {
  return replaceDigest(
    db,
    setting.teamId,
    {
      digest_channel_id: setting.channelId,
      digest_time_zone: setting.timeZone,
      digest_set_by: setting.setBy,
    },
    expected,
  );
}

/** Stops the digest, under the same condition as setDigestChannel. */
export async function clearDigestChannel(
  db: Kysely<Database>,
  teamId: string,
  expected: string,
): Promise<boolean> {
  return replaceDigest(
    db,
    teamId,
    { digest_channel_id: null, digest_time_zone: null, digest_set_by: null },
    expected,
  );
}

async function replaceDigest(
  db: Kysely<Database>,
  teamId: string,
  values: { digest_channel_id: string | null; digest_time_zone: string | null; digest_set_by: string | null },
  expected: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable("workspaces")
    .set(values)
    .where("team_id", "=", teamId)
    .where(sql<boolean>`digest_channel_id is not distinct from ${expected}`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Installed workspaces with a digest channel. */
export async function digestWorkspaces(db: Kysely<Database>): Promise<DigestSetting[]> {
  const rows = await db
    .selectFrom("workspaces")
    .select(["team_id", "digest_channel_id", "digest_time_zone", "digest_set_by"])
    .where("digest_channel_id", "is not", null)
    .where("uninstalled_at", "is", null)
    .execute();
  return rows.map((r) => ({
    teamId: r.team_id,
    channelId: r.digest_channel_id ?? "",
    timeZone: r.digest_time_zone ?? "UTC",
    setBy: r.digest_set_by ?? "",
  }));
}
