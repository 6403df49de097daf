import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Migration, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrationsDir } from "../../src/db/migrate.js";
import { rehearseDown } from "../../src/db/migration-rehearsal.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

const database = useDatabase({
  setup: (db) =>
    seedTeam(db, {
      channelId: "C1",
      createdAt: "2026-03-01T00:00Z",
      roles: { U1: "data_scientist", U2: "ml_engineer" },
    }).then(() => db.insertInto("people").values({ team_id: "T0", user_id: "U3", role: null }).execute()),
});

// A later migration's down, as it might be written: it drops a column of a table that stays, and a table.
const dropsRoleAndSnoozes = {
  up: async () => {},
  down: async (db: Parameters<typeof rehearseDown>[0]) => {
    await db.schema.alterTable("people").dropColumn("role").execute();
    await db.schema.dropTable("snoozes").execute();
  },
};

describe("rehearseDown", () => {
  it("names the dropped table with its rows and the dropped column with its values, and changes nothing", async () => {
    expect(await rehearseDown(database.db, dropsRoleAndSnoozes)).toEqual([
      { table: "people", column: "role", rows: 2 },
      { table: "snoozes", rows: 0 },
    ]);
    const roles = await database.db.selectFrom("people").select("role").orderBy("user_id").execute();
    expect(roles.map((r) => r.role)).toEqual(["data_scientist", "ml_engineer", null]);
    await sql`select count(*) from snoozes`.execute(database.db);
  });

  it("finds nothing for a down that drops only an index", async () => {
    const dropsIndex = {
      up: async () => {},
      down: (db: Parameters<typeof rehearseDown>[0]) => db.schema.dropIndex("deliveries_round_idx").execute(),
    };
    expect(await rehearseDown(database.db, dropsIndex)).toEqual([]);
  });

  it("counts only real marks in the columns issue 12 added: reverting them drops data only where marks exist", async () => {
    const load = async (name: string): Promise<Migration> =>
      (await import(pathToFileURL(join(migrationsDir(), `${name}.js`)).href)) as Migration;
    const unchanged = await load("20261202T1100_answers_confirmed_unchanged");
    const away = await load("20261202T1101_round_snapshots_away");
    const [team] = await database.db.selectFrom("ml_teams").select("id").execute();
    const mlTeamId = team?.id ?? 0;
    const row = { ml_team_id: mlTeamId, team_id: "T0", met: [], note: null };
    await database.db
      .insertInto("answers")
      .values([
        { ...row, period: "2026-03-02", user_id: "U1" },
        { ...row, period: "2026-03-09", user_id: "U1", confirmed_unchanged: true },
      ])
      .execute();
    expect(await rehearseDown(database.db, unchanged)).toEqual([
      { table: "answers", column: "confirmed_unchanged", rows: 1 },
    ]);
    expect(await rehearseDown(database.db, away)).toEqual([
      { table: "round_snapshots", column: "away", rows: 0 },
    ]);
  });
});
