// The MLflow poll across replicas: each replica runs the scheduler, and every tick polls the linked sources
// that are due. A due source is claimed in the database first, so however many replicas tick at once, each
// source is read from MLflow once per 15 minutes; a claim whose replica stopped mid-poll runs out.
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/connect.js";
import { mlflowSourcesOf, saveMlflowSettings } from "../../src/db/mlflow.js";
import { MLFLOW_CLAIM_LEASE_SECONDS } from "../../src/domain/mlflow-polling.js";
import { FakeMlflow } from "../../src/fake-mlflow/server.js";
import { mlflowNames } from "../../src/services/mlflow-names.js";
import { pollDueMlflowSources } from "../../src/services/mlflow-poll.js";
import { DATABASE_KIND } from "../support/database.js";
import { useDatabase } from "../support/fixture.js";
import { silentLogger } from "../support/logger.js";
import { resetTables, seedLink, seedTeam } from "../support/seed.js";

const mlflow = new FakeMlflow();
beforeAll(() => mlflow.start());
afterAll(() => mlflow.stop());

const database = useDatabase();
// A second replica's own pool on the same Postgres; the embedded database is one process, so there the
// "replicas" share its one connection (and must still poll each source once).
let second: DatabaseHandle | undefined;
beforeAll(async () => {
  if (DATABASE_KIND === "postgres")
    second = await openDatabase({ databaseUrl: database.handle.url, dataDir: "", logger: silentLogger() });
  return () => second?.close();
});
beforeEach(async () => {
  await resetTables(database.db);
  mlflow.reset();
});

const NOW = new Date("2026-12-06T12:00:00Z");
const MINUTE = 60_000;
const EXPERIMENTS = ["churn", "fraud", "ranking"];

async function linkedSources(): Promise<void> {
  const mlTeamId = await seedTeam(database.db, { channelId: "CPOLL", createdAt: "2026-11-01T00:00:00Z" });
  for (const name of EXPERIMENTS) {
    mlflow.state.addRun(name, { startTime: NOW.getTime() - 60 * MINUTE, sourceType: "JOB" });
    await seedLink(database.db, {
      mlTeamId,
      subject: name,
      kind: "experiment",
      linkedAt: "2026-11-02T00:00:00Z",
    });
  }
  mlflow.state.addVersion("churn-model", { createdAt: NOW.getTime() - 60 * MINUTE });
  await seedLink(database.db, {
    mlTeamId,
    subject: "churn-model",
    kind: "model",
    linkedAt: "2026-11-02T00:00:00Z",
  });
}

/** One replica's tick of the poll, through its own pool. */
function replica(db: DatabaseHandle["db"]) {
  return (at: Date) =>
    pollDueMlflowSources(
      {
        db,
        logger: silentLogger(),
        config: { mlflow: { uri: mlflow.url, token: undefined }, tokenKeys: undefined },
      },
      at,
    );
}

/** How many times MLflow was asked for each source (an experiment by name, a model by name). */
function pollsPerSource(): Record<string, number> {
  const counts: Record<string, number> = {};
  const count = (name: unknown) => {
    counts[String(name)] = (counts[String(name)] ?? 0) + 1;
  };
  for (const call of mlflow.callsTo("/experiments/get-by-name")) count(call.params.experiment_name);
  for (const call of mlflow.callsTo("/registered-models/get")) count(call.params.name);
  return counts;
}

describe("the MLflow poll with two replicas ticking", () => {
  it("reads each due source from MLflow once, whichever replica wins it, and again once 15 minutes later", async () => {
    await linkedSources();
    const a = replica(database.db);
    const b = replica((second ?? database.handle).db);
    const once = { churn: 1, fraud: 1, ranking: 1, "churn-model": 1 };

    const [first, other] = await Promise.all([a(NOW), b(NOW)]);
    expect(first.polled + other.polled).toBe(4);
    expect(pollsPerSource()).toEqual(once);

    // Both replicas tick again a minute later, and 14 minutes later: nothing is due.
    await Promise.all([a(new Date(NOW.getTime() + MINUTE)), b(new Date(NOW.getTime() + MINUTE))]);
    await Promise.all([a(new Date(NOW.getTime() + 14 * MINUTE)), b(new Date(NOW.getTime() + 14 * MINUTE))]);
    expect(pollsPerSource()).toEqual(once);

    const later = new Date(NOW.getTime() + 15 * MINUTE);
    await Promise.all([a(later), b(later), a(later), b(later)]);
    expect(pollsPerSource()).toEqual({ churn: 2, fraud: 2, ranking: 2, "churn-model": 2 });
  });

  it("leaves a source another replica is polling, and takes it over once that claim's lease has run out", async () => {
    await linkedSources();
    const a = replica(database.db);
    await a(NOW);
    mlflow.reset();
    // Fifteen minutes on, another replica claimed churn and stopped before recording its poll.
    const claimedAgo = async (seconds: number) =>
      sql`update mlflow_sources set claimed_at = now() - make_interval(secs => ${seconds}::float8)
          where name = 'churn'`.execute(database.db);
    await claimedAgo(MLFLOW_CLAIM_LEASE_SECONDS - 60);
    const later = new Date(NOW.getTime() + 15 * MINUTE);
    expect((await a(later)).polled).toBe(3);
    expect(pollsPerSource()).toEqual({ fraud: 1, ranking: 1, "churn-model": 1 });

    await claimedAgo(MLFLOW_CLAIM_LEASE_SECONDS + 1);
    expect((await a(new Date(later.getTime() + MINUTE))).polled).toBe(1);
    expect(pollsPerSource()).toEqual({ churn: 1, fraud: 1, ranking: 1, "churn-model": 1 });
    const [churn] = await sql<{ claimed_at: Date | null }>`
      select claimed_at from mlflow_sources where name = 'churn'`
      .execute(database.db)
      .then((r) => r.rows);
    expect(churn?.claimed_at).toBeNull();
  });
});

describe("a workspace's MLflow token the bot cannot open", () => {
  const KEY = { current: Buffer.alloc(32, 7), previous: undefined };
  // The operator stored the token with the CLI and TOKEN_ENCRYPTION_KEY, then started the bot without it.
  const withoutKey = () => ({
    db: database.db,
    logger: silentLogger(),
    config: { mlflow: undefined, tokenKeys: undefined },
  });
  const WHY =
    "the workspace's MLflow token is sealed with TOKEN_ENCRYPTION_KEY and the bot runs without one: start the bot with the key `npm run mlops -- evidence mlflow --token` used, or store the server again without --token";

  beforeEach(async () => {
    await saveMlflowSettings(database.db, "T0", { uri: mlflow.url, token: "dapi-secret" }, KEY, NOW);
  });

  it("marks each linked source stale with the operator's next step, without asking MLflow", async () => {
    await linkedSources();
    const summary = await pollDueMlflowSources(withoutKey(), NOW);
    expect(summary).toEqual({ polled: 4, stale: 4, stored: 0 });
    expect(pollsPerSource()).toEqual({});
    const sources = (await mlflowSourcesOf(database.db, ["T0"])).get("T0") ?? [];
    expect(sources.map((s) => [s.name, s.staleSince?.toISOString(), s.staleReason])).toEqual(
      [...EXPERIMENTS, "churn-model"].map((name) => [name, NOW.toISOString(), WHY]),
    );
  });

  it("lets a name be linked, saying why MLflow could not be asked about it", async () => {
    expect(await mlflowNames(withoutKey()).lookUp("T0", "experiment", "churn")).toEqual({
      kind: "unknown",
      reason: WHY,
    });
  });
});

describe("a workspace's tracking server changed or removed", () => {
  const deps = (uri: string | undefined) => ({
    db: database.db,
    logger: silentLogger(),
    config: { mlflow: uri === undefined ? undefined : { uri, token: undefined }, tokenKeys: undefined },
  });
  const sourcesOfT0 = async () => (await mlflowSourcesOf(database.db, ["T0"])).get("T0") ?? [];

  it("goes stale when no server is set any more, so its silence disputes nothing", async () => {
    await linkedSources();
    expect(await pollDueMlflowSources(deps(mlflow.url), NOW)).toMatchObject({ polled: 4, stale: 0 });
    const later = new Date(NOW.getTime() + 20 * MINUTE);
    expect(await pollDueMlflowSources(deps(undefined), later)).toMatchObject({ polled: 4, stale: 4 });
    expect((await sourcesOfT0()).map((s) => s.staleReason)).toEqual(
      Array(4).fill(
        "no MLflow tracking server is set for this workspace any more: an operator sets one with `npm run mlops -- evidence mlflow --workspace … --uri …`",
      ),
    );
  });

  it("reads another server from the start of the window, forgetting what the one before showed", async () => {
    await linkedSources();
    await saveMlflowSettings(database.db, "T0", { uri: mlflow.url, token: undefined }, undefined, NOW);
    await pollDueMlflowSources(deps(undefined), NOW);
    const mlflowSignals = () =>
      database.db
        .selectFrom("evidence_signals")
        .select("external_id")
        .where("source", "=", "mlflow")
        .execute();
    expect(await mlflowSignals()).toHaveLength(4);
    // The same server again changes nothing; another one starts over.
    await saveMlflowSettings(database.db, "T0", { uri: mlflow.url, token: undefined }, undefined, NOW);
    expect((await sourcesOfT0()).every((s) => s.readUntil !== null)).toBe(true);
    await saveMlflowSettings(
      database.db,
      "T0",
      { uri: "https://mlflow.other.example", token: undefined },
      undefined,
      NOW,
    );
    expect(await mlflowSignals()).toEqual([]);
    expect((await sourcesOfT0()).map((s) => [s.readUntil, s.lastPolledAt])).toEqual(
      Array(4).fill([null, null]),
    );
  });
});
