// Where and in which time zone each workspace gets its weekly org digest.
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export interface DigestSetting {
  teamId: string;
  channelId: string;
  timeZone: string;
  setBy: string;
}

/** Sends the workspace's digest to a channel; returns the channel it went to before, if any. */
export async function setDigestChannel(db: Kysely<Database>, setting: DigestSetting): Promise<string | null> {
  return replaceDigest(db, setting.teamId, {
    digest_channel_id: setting.channelId,
    digest_time_zone: setting.timeZone,
    digest_set_by: setting.setBy,
  });
}

/** Stops the digest; returns the channel it went to, or null when there was none. */
export async function clearDigestChannel(db: Kysely<Database>, teamId: string): Promise<string | null> {
  return replaceDigest(db, teamId, { digest_channel_id: null, digest_time_zone: null, digest_set_by: null });
}

async function replaceDigest(
  db: Kysely<Database>,
  teamId: string,
  values: { digest_channel_id: string | null; digest_time_zone: string | null; digest_set_by: string | null },
): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("workspaces")
      .select("digest_channel_id")
      .where("team_id", "=", teamId)
      .forUpdate()
      .executeTakeFirst();
    await trx.updateTable("workspaces").set(values).where("team_id", "=", teamId).execute();
    return before?.digest_channel_id ?? null;
  });
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
