// What the tick will call: due sources of every workspace polled against the fake MLflow, signals handed to
// `record`, cursors and staleness kept in the database, nothing polled twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadMlflowSources, saveMlflowSettings } from "../../../src/db/mlflow.js";
import type { EvidenceSignal } from "../../../src/domain/evidence-signal.js";
import { type MlflowLink, pollDueMlflowSources } from "../../../src/evidence/mlflow/poll-due.js";
import { FakeMlflow } from "../../../src/fake-mlflow/server.js";
import { useDatabase } from "../../support/fixture.js";
import { silentLogger } from "../../support/logger.js";

const fixture = useDatabase({ resetBetweenTests: true });
const mlflow = new FakeMlflow({ token: "tok" });
beforeAll(() => mlflow.start());
afterAll(() => mlflow.stop());
beforeEach(() => mlflow.reset());

const KEYS = { current: Buffer.alloc(32, 6), previous: undefined };
const MINUTE = 60_000;
const NOW = new Date("2026-12-06T12:00:00Z");
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);

const LINKS: MlflowLink[] = [
  { workspaceId: "T1ACME", kind: "experiment", name: "churn" },
  { workspaceId: "T1ACME", kind: "model", name: "churn" },
  { workspaceId: "T2BETA", kind: "experiment", name: "fraud" },
  { workspaceId: "T3NONE", kind: "experiment", name: "lost" },
];

/** T1 has its own server (token sealed); the others have MLFLOW_TRACKING_URI, or nothing without it. */
async function setUp() {
  await saveMlflowSettings(fixture.db, "T1ACME", { uri: mlflow.url, token: "tok" }, KEYS, NOW);
  mlflow.state.addRun("churn", { startTime: NOW.getTime() - 2 * 86_400_000, sourceType: "JOB" });
  mlflow.state.addVersion("churn", { createdAt: NOW.getTime() - 86_400_000, stage: "Production" });
  mlflow.state.addRun("fraud", { startTime: NOW.getTime() - 3_600_000, sourceType: "NOTEBOOK" });
}

function poller(options: { links?: MlflowLink[]; withDefault?: boolean } = {}) {
  const recorded: { workspaceId: string; signals: readonly EvidenceSignal[] }[] = [];
  const deps = {
    db: fixture.db,
    config: {
      tokenKeys: KEYS,
      mlflow: options.withDefault === false ? undefined : { uri: mlflow.url, token: "tok" },
    },
    logger: silentLogger(),
    linkedMlflowSources: async () => options.links ?? LINKS,
  };
  const run = (now: Date, budgetMs = 5_000) =>
    pollDueMlflowSources(deps, now, budgetMs, async (workspaceId, signals) => {
      recorded.push({ workspaceId, signals });
    });
  return { recorded, run };
}

const subjects = (recorded: { workspaceId: string; signals: readonly EvidenceSignal[] }[]) =>
  recorded.flatMap((r) => r.signals.map((s) => `${r.workspaceId} ${s.kind} ${s.subject}`)).sort();

describe("pollDueMlflowSources", () => {
  it("polls each due source once with its workspace's server, hands over the signals, and waits 15 minutes", async () => {
    await setUp();
    const { recorded, run } = poller();
    expect(await run(NOW)).toEqual({ polled: 4, stale: 1, signals: 3 });
    expect(subjects(recorded)).toEqual([
      "T1ACME mlflow_run churn",
      "T1ACME model_version churn",
      "T2BETA mlflow_run fraud",
    ]);
    const [lost] = await loadMlflowSources(fixture.db, "T3NONE");
    expect(lost).toMatchObject({ kind: "experiment", name: "lost", lastPolledAt: NOW, staleSince: NOW });
    expect(lost?.staleReason).toMatch(/^not found in MLflow: /);

    const calls = mlflow.calls.length;
    expect(await run(at(14))).toEqual({ polled: 0, stale: 0, signals: 0 });
    expect(mlflow.calls).toHaveLength(calls);

    const fresh = mlflow.state.addRun("churn", { startTime: at(10).getTime(), sourceType: "JOB" });
    recorded.length = 0;
    await run(at(15));
    const runs = recorded.flatMap((r) => r.signals).filter((s) => s.kind === "mlflow_run");
    expect(runs.map((s) => s.externalId)).toEqual([fresh.run_id]);
  });

  it("a slow MLflow: returns within the budget, the sources stale since then; fresh again once MLflow answers", async () => {
    await setUp();
    const links = LINKS.filter((l) => l.workspaceId === "T1ACME");
    const { recorded, run } = poller({ links });
    mlflow.slow(3_000);
    const started = performance.now();
    expect(await run(NOW, 300)).toEqual({ polled: 2, stale: 2, signals: 0 });
    expect(performance.now() - started).toBeLessThan(1_500);
    const stale = await loadMlflowSources(fixture.db, "T1ACME");
    expect(stale.map((s) => [s.kind, s.staleSince, s.staleReason?.replace(/\d+ ms/, "N ms")])).toEqual([
      ["experiment", NOW, "MLflow did not answer within N ms"],
      ["model", NOW, "MLflow did not answer within N ms"],
    ]);

    mlflow.clearFaults();
    expect(await run(at(15))).toEqual({ polled: 2, stale: 0, signals: 2 });
    expect(recorded).toHaveLength(1);
    const fresh = await loadMlflowSources(fixture.db, "T1ACME");
    expect(fresh.map((s) => [s.kind, s.staleSince, s.staleReason, s.lastPolledAt])).toEqual([
      ["experiment", null, null, at(15)],
      ["model", null, null, at(15)],
    ]);
  });

  it("two ticks at once poll each source once; a workspace without a server is stale, saying so", async () => {
    await setUp();
    const { recorded, run } = poller({ withDefault: false });
    const [a, b] = await Promise.all([run(NOW), run(NOW)]);
    expect((a?.polled ?? 0) + (b?.polled ?? 0)).toBe(4);
    expect(mlflow.callsTo("/runs/search")).toHaveLength(1);
    expect(subjects(recorded)).toEqual(["T1ACME mlflow_run churn", "T1ACME model_version churn"]);
    const [lost] = await loadMlflowSources(fixture.db, "T3NONE");
    expect(lost?.staleReason).toBe(
      "no MLflow tracking server is set for this workspace (npm run mlops -- evidence mlflow)",
    );
  });
});
