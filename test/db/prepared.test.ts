import type { Kysely } from "kysely";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { preparedQuery } from "../../src/db/prepared.js";
import type { Database } from "../../src/db/schema.js";
import { createTeam } from "../../src/db/teams.js";
import { ensureWorkspace } from "../../src/db/workspaces.js";
import { useDatabase } from "../support/fixture.js";

const T0 = new Date("2026-11-01T00:00:00Z");
const settings = { cadence: "weekly", checkinDay: 1, checkinTime: "10:00", timeZone: "UTC" } as const;

// One connection, so that the statements this connection has prepared can be listed.
const database = useDatabase({
  poolSize: 1,
  setup: async (db) => {
    for (const teamId of ["TA", "TB"]) await ensureWorkspace(db, { teamId, enterpriseId: null });
    await insertTeam(db, "TA", "C1", "Ads ranking");
    await insertTeam(db, "TA", "C2", "Ads bidding");
    await insertTeam(db, "TA", "C3", "Search");
    await insertTeam(db, "TB", "C1", "Ads elsewhere");
  },
});

const teamNames = preparedQuery("test_team_names", (db, teamId: string, prefix: string) =>
  db
    .selectFrom("ml_teams")
    .select(["name", "channel_id"])
    .where("team_id", "=", teamId)
    .where("name", "like", sql<string>`${prefix} || '%'`)
    .orderBy("name"),
);

async function insertTeam(db: Kysely<Database>, teamId: string, channelId: string, name: string) {
  await createTeam(
    db,
    { teamId, enterpriseId: null, channelId, createdBy: "U1", settings: { ...settings, name } },
    T0,
  );
}

async function preparedOnConnection(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(database.db);
  return rows.map((r) => r.name);
}

describe("preparedQuery", () => {
  it("runs as a named prepared statement, with each call's arguments", async () => {
    expect(await teamNames(database.db, "TA", "Ads")).toEqual([
      { name: "Ads bidding", channel_id: "C2" },
      { name: "Ads ranking", channel_id: "C1" },
    ]);
    expect(await teamNames(database.db, "TB", "Ads")).toEqual([{ name: "Ads elsewhere", channel_id: "C1" }]);
    expect(await teamNames(database.db, "TA", "Nothing")).toEqual([]);
    expect(await preparedOnConnection()).toContain("test_team_names");
  });

  it("runs inside a transaction, seeing what the transaction wrote", async () => {
    await database.db
      .transaction()
      .execute(async (trx) => {
        await insertTeam(trx, "TA", "C9", "Ads uncommitted");
        expect((await teamNames(trx, "TA", "Ads uncommitted")).map((r) => r.channel_id)).toEqual(["C9"]);
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await teamNames(database.db, "TA", "Ads uncommitted")).toEqual([]);
  });

  it("keeps working after a migration adds a column to a table it reads", async () => {
    expect(await teamNames(database.db, "TA", "Search")).toHaveLength(1);
    await sql`alter table ml_teams add column added_later text`.execute(database.db);
    try {
      expect(await teamNames(database.db, "TA", "Search")).toEqual([{ name: "Search", channel_id: "C3" }]);
    } finally {
      await sql`alter table ml_teams drop column added_later`.execute(database.db);
    }
  });

  it("refuses a query that ignores one of its arguments, whose text could not be fixed", async () => {
    const careless = preparedQuery("test_careless", (db, teamId: string, _unused: string) =>
      db.selectFrom("ml_teams").select("name").where("team_id", "=", teamId),
    );
    await expect(careless(database.db, "TA", "x")).rejects.toThrow(
      "Prepared query test_careless does not use argument 1",
    );
  });
});
