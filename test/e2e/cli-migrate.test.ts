// `npm run mlops -- migrate [--down [--force]]` as an operator runs it (each command in this process, as
// dist/cli.js runs it), on a database of its own: the real Postgres when the suite has one, otherwise an
// embedded one. Opening a data directory is process.test's and cli-tick's subject.
import { readdirSync } from "node:fs";
import { type Kysely, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { migrationsDir } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";
import { useCliDatabase } from "../support/cli-database.js";
import { answer, seedTeam } from "../support/seed.js";
import { TEST_SIGNING_SECRET } from "../support/signing.js";

/**
 * Every migration after the first, newest first: each changes indexes or constraints, or adds columns that
 * stay null until used, so on this database none drops data (a dropped column is listed with 0 values).
 */
const LATER_MIGRATIONS = readdirSync(migrationsDir())
  .filter((file) => file.endsWith(".js"))
  .map((file) => file.replace(/\.js$/, ""))
  .sort()
  .slice(1)
  .reverse();

// One CLI run per later migration: the tests that walk them all take longer the more there are.
const PER_MIGRATION_MS = 5_000;

const settings = { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: "xoxb-test-token" };

/** A migrated, empty database for the describe, and `migrate …` run on it. */
function useMigrate(prefix: string) {
  const database = useCliDatabase(prefix);
  return {
    migrate: (...args: string[]) => database.mlops(["migrate", ...args], settings),
    inspect: database.use,
  };
}

const tablesOf = (db: Kysely<Database>) =>
  sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely\\_%' order by 1`
    .execute(db)
    .then((r) => r.rows.map((row) => row.table_name));

describe("migrate --down on a database that holds a team and an answer", () => {
  const { migrate, inspect } = useMigrate("mlops-migrate-team-");

  beforeAll(async () => {
    await inspect(async (db) => {
      const mlTeamId = await seedTeam(db, {
        channelId: "C1",
        createdAt: "2026-03-01T00:00Z",
        respondents: ["U1"],
      });
      await answer(db, { mlTeamId, period: "2026-03-02", userId: "U1", met: [] });
    });
  });

  it(
    "reverts migrations that drop no data (indexes, constraints, unused columns, tables with no rows) without --force",
    async () => {
      expect(LATER_MIGRATIONS).toContain("20261126T2330_deliveries_round_index");
      for (const name of LATER_MIGRATIONS) {
        const run = await migrate("--down");
        expect(run.code).toBe(0);
        const [first, ...dropped] = run.stdout.trimEnd().split("\n");
        expect(first).toBe(`reverted ${name}`);
        // Later migrations add columns (issue 12) and tables (issue 13): each is listed, empty.
        for (const line of dropped)
          expect(line).toMatch(/^ {2}dropped (column [a-z_.]+ \(0 values\)|table \w+ \(0 rows\))$/);
      }
    },
    PER_MIGRATION_MS * (LATER_MIGRATIONS.length + 2),
  );

  it("refuses to revert one that would drop tables holding rows, says which and how many, and changes nothing", async () => {
    const run = await migrate("--down");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Reverting 20261126T2200_initial would drop data:");
    for (const line of [
      "table workspaces (1 row)",
      "table ml_teams (1 row)",
      "table team_respondents (1 row)",
      "table answers (1 row)",
      "table deliveries (0 rows)",
    ]) {
      expect(run.stderr).toContain(`  - ${line}\n`);
    }
    expect(run.stderr).toContain(
      "Nothing was changed. Back up the database, then run `npm run mlops -- migrate --down --force`",
    );
    await inspect(async (db) => {
      expect(await tablesOf(db)).toContain("answers");
      const rows = await db.selectFrom("answers").select("user_id").execute();
      expect(rows).toEqual([{ user_id: "U1" }]);
    });
  });

  it("reverts it with --force, and lists what it dropped", async () => {
    const run = await migrate("--down", "--force");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("reverted 20261126T2200_initial\n");
    expect(run.stdout).toContain("  dropped table answers (1 row)\n");
    await inspect(async (db) => expect(await tablesOf(db)).toEqual([]));
  });

  it("says there is nothing to revert once no migration is left", async () => {
    const run = await migrate("--down");
    expect(run).toMatchObject({ code: 0, stdout: "Nothing to revert: no migration has been applied.\n" });
  });
});

describe("migrate --down on an empty database", () => {
  const { migrate } = useMigrate("mlops-migrate-empty-");

  it(
    "reverts the first migration without --force: its tables hold nothing",
    async () => {
      expect(await migrate()).toMatchObject({ stdout: "Nothing to do: the database is up to date.\n" });
      for (const _later of LATER_MIGRATIONS) expect((await migrate("--down")).code).toBe(0);
      const run = await migrate("--down");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("reverted 20261126T2200_initial\n");
      expect(run.stdout).toContain("  dropped table workspaces (0 rows)\n");
    },
    // One CLI run per migration, each up to a second or two on a loaded machine: the budget grows with them.
    PER_MIGRATION_MS * (LATER_MIGRATIONS.length + 2),
  );
});
