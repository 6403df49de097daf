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

/** The org-level digest of an organisation (an org-wide install), if one is set. */
export interface OrgDigestSetting {
  readonly enterpriseId: string;
  /** The workspace whose channel it goes to. */
  readonly teamId: string;
  readonly channelId: string;
  readonly timeZone: string;
  readonly setBy: string;
  /** The org's workspaces still installed: the teams the digest covers. */
  readonly memberTeamIds: readonly string[];
}

export async function findOrgDigest(db: Kysely<Database>, enterpriseId: string) {
  return db
    .selectFrom("org_digests")
    .selectAll()
    .where("enterprise_id", "=", enterpriseId)
    .executeTakeFirst();
}

export async function setOrgDigest(
  db: Kysely<Database>,
  s: { enterpriseId: string; teamId: string; channelId: string; timeZone: string; setBy: string },
): Promise<void> {
  const row = {
    enterprise_id: s.enterpriseId,
    team_id: s.teamId,
    channel_id: s.channelId,
    time_zone: s.timeZone,
    set_by: s.setBy,
  };
  await db
    .insertInto("org_digests")
    .values(row)
    .onConflict((oc) => oc.column("enterprise_id").doUpdateSet(row))
    .execute();
}

export async function clearOrgDigest(db: Kysely<Database>, enterpriseId: string): Promise<void> {
  await db.deleteFrom("org_digests").where("enterprise_id", "=", enterpriseId).execute();
}

/** Org digests whose organisation still has its org-wide install, with the workspaces they cover. */
export async function orgDigests(db: Kysely<Database>): Promise<OrgDigestSetting[]> {
  const rows = await db
    .selectFrom("org_digests as d")
    .innerJoin("slack_installations as i", (j) =>
      j.onRef("i.installation_id", "=", "d.enterprise_id").on("i.is_enterprise_install", "=", true),
    )
    .select(["d.enterprise_id", "d.team_id", "d.channel_id", "d.time_zone", "d.set_by"])
    .select((eb) =>
      eb.fn
        .coalesce(
          eb
            .selectFrom("workspaces as w")
            .select(sql<string[]>`array_agg(w.team_id order by w.team_id)`.as("ids"))
            .whereRef("w.enterprise_id", "=", "d.enterprise_id")
            .where("w.uninstalled_at", "is", null),
          sql<string[]>`'{}'::text[]`,
        )
        .as("member_team_ids"),
    )
    .execute();
  return rows.map((r) => ({
    enterpriseId: r.enterprise_id,
    teamId: r.team_id,
    channelId: r.channel_id,
    timeZone: r.time_zone,
    setBy: r.set_by,
    memberTeamIds: r.member_team_ids,
  }));
}
