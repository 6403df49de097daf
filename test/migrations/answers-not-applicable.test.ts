// The migration that moves "not applicable" out of `met` into a column of its own: rows written the old way
// (tokens `na:<id>:<reason, URI-encoded>` in `met`) come out as criterion ids plus a map, and back on down.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Migration, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { migrationsDir } from "../../src/db/migrate.js";
import { rehearseDown } from "../../src/db/migration-rehearsal.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

const database = useDatabase();
const NAME = "20261206T1000_answers_not_applicable";
let migration: Migration;
let mlTeamId = 0;

// More answers than the migration rewrites in one statement, so that it has to page.
const CROWD = 1_201;
const token = (id: string, reason: string) => `na:${id}:${encodeURIComponent(reason)}`;
const ODD_REASON = "no traffic: 100% offline, 😴 at night";
// Never readable (a broken escape): every reader ignored it, and the migration leaves it where it is.
const BROKEN = "na:ab_testing:%E0%A4%A";

const oldAnswers = () => [
  {
    user_id: "UALICE",
    met: [
      "automated_builds",
      token("ab_testing", "batch scoring only"),
      token("experiment_tracking", ODD_REASON),
    ],
  },
  { user_id: "UBOB", met: ["automated_builds", "ab_testing"] },
  { user_id: "UCAROL", met: ["automated_builds", BROKEN] },
  ...Array.from({ length: CROWD }, (_, i) => ({
    user_id: `UCROWD${String(i).padStart(5, "0")}`,
    met: [token("ab_testing", `reason ${i}`)],
  })),
];

// A closed round keeps the exempted practice in met (it counts as in place) and a token per distinct reason.
const OLD_SNAPSHOT_MET = [
  "automated_builds",
  "ab_testing",
  token("ab_testing", "batch scoring only"),
  token("ab_testing", ODD_REASON),
];

const answersOf = async () =>
  (
    await sql<{ user_id: string; met: string[]; not_applicable?: unknown }>`
      select * from answers where ml_team_id = ${mlTeamId} order by user_id`.execute(database.db)
  ).rows;
const snapshotOf = async () =>
  (
    await sql<{ met: string[]; not_applicable?: unknown }>`
      select * from round_snapshots where ml_team_id = ${mlTeamId}`.execute(database.db)
  ).rows[0];

beforeAll(async () => {
  migration = (await import(pathToFileURL(join(migrationsDir(), `${NAME}.js`)).href)) as Migration;
  mlTeamId = await seedTeam(database.db, { channelId: "C1", createdAt: "2026-03-01T00:00Z" });
  // The schema as it was before the migration, holding rows written the old way.
  await migration.down?.(database.db);
  const base = { ml_team_id: mlTeamId, team_id: "T0", period: "2026-03-02", note: null };
  await database.db
    .insertInto("answers")
    .values(oldAnswers().map((a) => ({ ...base, ...a })))
    .execute();
  await sql`insert into round_snapshots (ml_team_id, team_id, period, prompted, answered, expected, level, met, disputed)
    values (${mlTeamId}, 'T0', '2026-03-02', true, 3, 3, 1, ${OLD_SNAPSHOT_MET}, '{}')`.execute(database.db);
  await migration.up(database.db);
});

describe(NAME, () => {
  it("moves each answer's tokens into not_applicable (id → reason), leaving criterion ids in met", async () => {
    const [alice, bob, carol, ...crowd] = await answersOf();
    expect(alice).toMatchObject({
      met: ["automated_builds"],
      not_applicable: { ab_testing: "batch scoring only", experiment_tracking: ODD_REASON },
    });
    expect(bob).toMatchObject({ met: ["automated_builds", "ab_testing"], not_applicable: null });
    expect(carol).toMatchObject({ met: ["automated_builds", BROKEN], not_applicable: null });
    expect(crowd).toHaveLength(CROWD);
    crowd.forEach((a, i) => {
      expect(a).toMatchObject({ met: [], not_applicable: { ab_testing: `reason ${i}` } });
    });
  });

  it("moves a closed round's tokens into not_applicable (id → every reason, in order); met keeps the id", async () => {
    expect(await snapshotOf()).toMatchObject({
      met: ["automated_builds", "ab_testing"],
      not_applicable: { ab_testing: ["batch scoring only", ODD_REASON] },
    });
    const queried = await sql<{ n: number }>`
      select count(*)::int as n from answers where not_applicable ? 'ab_testing'`.execute(database.db);
    expect(queried.rows[0]?.n).toBe(CROWD + 1);
  });

  it("is reverted without losing data: migrate --down needs no --force, and the tokens are back in met", async () => {
    expect(await rehearseDown(database.db, migration)).toEqual([
      { table: "answers", column: "not_applicable", rows: 0 },
      { table: "round_snapshots", column: "not_applicable", rows: 0 },
    ]);
    await migration.down?.(database.db);
    const sorted = (rows: { user_id: string; met: string[] }[]) =>
      rows.map((r) => ({ user_id: r.user_id, met: r.met.toSorted() }));
    const reverted = await answersOf();
    expect(reverted.every((a) => !("not_applicable" in a))).toBe(true);
    expect(sorted(reverted)).toEqual(sorted(oldAnswers()));
    expect((await snapshotOf())?.met).toEqual(OLD_SNAPSHOT_MET);
    await migration.up(database.db);
  });
});
