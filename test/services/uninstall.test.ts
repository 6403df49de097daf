// Data deletion: a workspace's every row at once (purge), and the retention purge the tick runs for workspaces
// uninstalled longer than UNINSTALL_RETENTION_DAYS ago. Another workspace's rows are never touched.
import { describe, expect, it } from "vitest";
import { saveInstallation } from "../../src/db/installations.js";
import { recordMlflowPoll, saveMlflowSettings } from "../../src/db/mlflow.js";
import { markUninstalled } from "../../src/db/workspaces.js";
import { purgeExpiredWorkspaces, purgeWorkspace } from "../../src/services/uninstall.js";
import { useDatabase } from "../support/fixture.js";
import { workspaceInstallation } from "../support/oauth.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { answer, seedTeam, snapshot } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const KEYS = { current: Buffer.alloc(32, 5), previous: undefined };
const ctx = () => ({ db: database.db, clock: () => new Date("2026-12-02T12:00:00Z") });

/** A workspace with one team, a respondent, an answer, a closed round, a delivery, an installation and MLflow. */
async function workspaceWithData(teamId: string, channelId: string): Promise<void> {
  const id = await seedTeam(database.db, {
    teamId,
    channelId,
    createdAt: "2026-11-01T00:00:00Z",
    respondents: ["UONE"],
    roles: { UONE: "data_scientist" },
  });
  await answer(database.db, {
    mlTeamId: id,
    period: "2026-11-23",
    userId: "UONE",
    met: SEED_LEVEL_1,
    teamId,
  });
  await snapshot(database.db, { mlTeamId: id, period: "2026-11-23", met: SEED_LEVEL_1, teamId });
  await database.db
    .insertInto("deliveries")
    .values({
      key: `org:${teamId}`,
      team_id: teamId,
      ml_team_id: null,
      kind: "org_digest",
      period: "2026-11-23",
      status: "sent",
      claimed_at: new Date(),
    })
    .execute();
  await database.db
    .insertInto("snoozes")
    .values({ ml_team_id: id, kind: "siloed_roles", until: new Date("2027-01-01"), snoozed_by: "UONE" })
    .execute();
  await saveInstallation(database.db, workspaceInstallation(teamId), KEYS, new Date());
  await saveMlflowSettings(
    database.db,
    teamId,
    { uri: "https://mlflow.example.com", token: "t" },
    KEYS,
    new Date(),
  );
  const source = {
    kind: "experiment",
    name: "churn",
    readUntil: null,
    staleSince: null,
    staleReason: null,
  } as const;
  await recordMlflowPoll(database.db, teamId, source, new Date());
}

async function rowsOf(teamId: string): Promise<number> {
  const tables = [
    "workspaces",
    "ml_teams",
    "people",
    "answers",
    "round_snapshots",
    "deliveries",
    "slack_installations",
  ] as const;
  let n = 0;
  for (const table of tables) {
    const rows = await database.db
      .selectFrom(table)
      .select("team_id")
      .where("team_id", "=", teamId)
      .execute();
    n += rows.length;
  }
  for (const table of ["mlflow_settings", "mlflow_sources"] as const) {
    const rows = await database.db
      .selectFrom(table)
      .select("workspace_id")
      .where("workspace_id", "=", teamId)
      .execute();
    n += rows.length;
  }
  return n;
}

describe("purgeWorkspace", () => {
  it("counts every row of the workspace on a dry run and deletes nothing", async () => {
    await workspaceWithData("T1ACME", "C1");
    const purged = await purgeWorkspace(ctx(), "T1ACME", { dryRun: true });
    expect(purged?.rows).toEqual({
      workspaces: 1,
      ml_teams: 1,
      team_respondents: 1,
      people: 1,
      answers: 1,
      round_snapshots: 1,
      deliveries: 1,
      snoozes: 1,
      slack_installations: 1,
      org_digests: 0,
      mlflow_settings: 1,
      mlflow_sources: 1,
    });
    expect(await rowsOf("T1ACME")).toBe(9);
  });

  it("deletes every row of the workspace and none of another's", async () => {
    await workspaceWithData("T1ACME", "C1");
    await workspaceWithData("T2BETA", "C2");
    const before = await rowsOf("T2BETA");
    await purgeWorkspace(ctx(), "T1ACME", { dryRun: false });
    expect(await rowsOf("T1ACME")).toBe(0);
    expect(await database.db.selectFrom("team_respondents").selectAll().execute()).toHaveLength(1);
    expect(await database.db.selectFrom("snoozes").selectAll().execute()).toHaveLength(1);
    expect(await rowsOf("T2BETA")).toBe(before);
  });
});

describe("purgeExpiredWorkspaces (the tick)", () => {
  it("purges a workspace uninstalled longer ago than the retention, and keeps the others", async () => {
    await workspaceWithData("T1OLD", "C1");
    await workspaceWithData("T2RECENT", "C2");
    await workspaceWithData("T3LIVE", "C3");
    await markUninstalled(database.db, "T1OLD", new Date("2026-11-01T11:00:00Z"));
    await markUninstalled(database.db, "T2RECENT", new Date("2026-11-03T13:00:00Z"));
    const purged = await purgeExpiredWorkspaces(ctx(), new Date("2026-12-02T12:00:00Z"), 30);
    expect(purged.map((p) => p.teamId)).toEqual(["T1OLD"]);
    expect(await rowsOf("T1OLD")).toBe(0);
    expect(await rowsOf("T2RECENT")).toBe(9);
    expect(await rowsOf("T3LIVE")).toBe(9);
  });
});
