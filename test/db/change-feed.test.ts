import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
import { type Change, type ChangeListener, parseChange } from "../../src/db/change-feed.js";
import { addRespondents } from "../../src/db/respondents.js";
import { DATABASE_KIND } from "../support/database.js";
import { useDatabase } from "../support/fixture.js";
import { answer, seedTeam } from "../support/seed.js";

// The triggers of migration 20261202T1300_read_cache_notify and the feed that hears them, on both databases.

const database = useDatabase();

/** A listener that writes down what it hears. */
function recorder() {
  const heard: (Change | "live" | "down")[] = [];
  const listener: ChangeListener = {
    changed: (change) => heard.push(change),
    listening: (live) => heard.push(live ? "live" : "down"),
  };
  const changes = () => heard.filter((h): h is Change => typeof h === "object");
  return { heard, listener, changes };
}

/** Waits for a change only `marker` writes, so that whatever was to come before it has come. */
async function settled(changes: () => Change[], marker: string) {
  await sql`insert into workspaces (team_id) values (${marker})`.execute(database.db);
  await vi.waitFor(() => expect(changes()).toContainEqual(parseChange(marker)), { timeout: 5_000 });
  return changes().filter((c) => !(c.kind === "workspace" && c.workspace === marker));
}

describe("change notifications", () => {
  it("watch every table with a team_id or ml_team_id column but the outbox and people", async () => {
    const watched = await sql<{ table: string; triggers: string }>`
      select c.relname as table, string_agg(t.tgname, ' ' order by t.tgname) as triggers
        from pg_trigger t join pg_class c on c.oid = t.tgrelid
       where t.tgname like 'mlops\\_reads\\_%' group by c.relname order by c.relname`.execute(database.db);
    const keyed = await sql<{ table: string }>`
      select distinct table_name as table from information_schema.columns
       where table_schema = current_schema() and column_name in ('team_id', 'ml_team_id')
       order by table_name`.execute(database.db);
    const expected = keyed.rows.map((r) => r.table).filter((t) => t !== "deliveries" && t !== "people");
    expect(watched.rows.map((r) => r.table)).toEqual(expected);
    for (const row of watched.rows)
      expect(row.triggers).toBe(
        "mlops_reads_delete mlops_reads_insert mlops_reads_truncate mlops_reads_update",
      );
  });

  it("name the team whose answers changed, the workspace whose teams or respondents changed, once per commit and never for a rollback", async () => {
    const { heard, listener, changes } = recorder();
    const feed = await database.handle.watchChanges(listener);
    try {
      // On Postgres the feed connects in the background.
      await vi.waitFor(() => expect(heard).toContain("live"), { timeout: 5_000 });
      heard.length = 0;
      const team = await seedTeam(database.db, { teamId: "TA", channelId: "CA", createdAt: "2026-11-01" });
      await answer(database.db, {
        mlTeamId: team,
        period: "2026-11-23",
        userId: "U1",
        met: [],
        teamId: "TA",
      });
      await database.db.transaction().execute(async (trx) => {
        await answer(trx, { mlTeamId: team, period: "2026-11-23", userId: "U1", met: [], teamId: "TA" });
        await answer(trx, { mlTeamId: team, period: "2026-11-23", userId: "U2", met: [], teamId: "TA" });
      });
      await addRespondents(database.db, team, ["U1"], new Date());
      await addRespondents(database.db, team, ["U1"], new Date()); // already there: nothing changes
      await database.db
        .transaction()
        .execute(async (trx) => {
          await answer(trx, { mlTeamId: team, period: "2026-11-30", userId: "U1", met: [], teamId: "TA" });
          throw new Error("rolled back");
        })
        .catch(() => {});
      await sql`insert into people (team_id, user_id, role) values ('TA', 'U1', 'other')`.execute(
        database.db,
      );
      expect(await settled(changes, "TDONE")).toEqual([
        { kind: "workspace", workspace: "TA" }, // the workspace row
        { kind: "workspace", workspace: "TA" }, // the team
        { kind: "team", workspace: "TA", mlTeamId: team }, // an answer
        { kind: "team", workspace: "TA", mlTeamId: team }, // two answers in one transaction: told once
        { kind: "workspace", workspace: "TA" }, // a respondent added
      ]);
      await sql`truncate snoozes`.execute(database.db);
      await vi.waitFor(() => expect(changes()).toContainEqual({ kind: "all" }), { timeout: 5_000 });
    } finally {
      await feed.stop();
    }
  });
});

describe("settle", () => {
  it("resolves only once every change committed before it has been heard", async () => {
    const { heard, listener, changes } = recorder();
    const feed = await database.handle.watchChanges(listener);
    try {
      await vi.waitFor(() => expect(heard).toContain("live"), { timeout: 5_000 });
      for (let i = 0; i < 30; i += 1) {
        await sql`insert into workspaces (team_id) values (${`TSETTLE${i}`})`.execute(database.db);
        await feed.settle();
        expect(changes()).toContainEqual({ kind: "workspace", workspace: `TSETTLE${i}` });
      }
    } finally {
      await feed.stop();
    }
  });
});

describe.skipIf(DATABASE_KIND !== "postgres")("the listening connection on Postgres", () => {
  it("says it is down when its connection is killed, and listens again by itself", async () => {
    const { heard, listener, changes } = recorder();
    const feed = await database.handle.watchChanges(listener);
    try {
      await vi.waitFor(() => expect(heard).toEqual(["live"]), { timeout: 5_000 });
      const killed = await sql<{ n: number }>`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
         where application_name = ${feed.name}`.execute(database.db);
      expect(killed.rows[0]?.n).toBe(1);
      await vi.waitFor(() => expect(heard).toEqual(["live", "down", "live"]), { timeout: 10_000 });
      expect(await settled(changes, "TBACK")).toEqual([]);
    } finally {
      await feed.stop();
    }
    expect(heard.at(-1)).toBe("down");
  });
});
