// Polling linked experiments and registered models against the fake MLflow: incremental reads, paging, the
// facts the rules read, and a slow, down or failing MLflow turned into a stale source within the budget.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MlflowSource, pollMlflow, type SourcePoll } from "../../../src/evidence/mlflow/poll.js";
import { FakeMlflow } from "../../../src/fake-mlflow/server.js";

const mlflow = new FakeMlflow({ token: "tok-1" });
beforeAll(() => mlflow.start());
afterAll(() => mlflow.stop());
beforeEach(() => mlflow.reset());

const MINUTE = 60_000;
const DAY = 86_400_000;
const NOW = new Date("2026-12-06T12:00:00Z");
const ago = (ms: number) => NOW.getTime() - ms;

const experiment = (
  name: string,
  cursor: number | null = null,
  staleSince: Date | null = null,
): MlflowSource => ({
  kind: "experiment",
  name,
  cursor,
  staleSince,
});
const model = (name: string, cursor: number | null = null): MlflowSource => ({
  kind: "model",
  name,
  cursor,
  staleSince: null,
});

const poll = (sources: MlflowSource[], options: { budgetMs?: number; pageSize?: number; now?: Date } = {}) =>
  pollMlflow({ uri: mlflow.url, token: "tok-1" }, sources, options.now ?? NOW, {
    budgetMs: options.budgetMs ?? 5_000,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });

function only(polls: SourcePoll[]): SourcePoll {
  expect(polls).toHaveLength(1);
  return polls[0] as SourcePoll;
}

describe("polling a linked experiment", () => {
  it("reads the last 28 days at first, then only the runs started since, with the facts the rules read", async () => {
    mlflow.state.addRun("churn", { startTime: ago(40 * DAY), sourceType: "JOB" });
    const job = mlflow.state.addRun("churn", { startTime: ago(3 * DAY), sourceType: "JOB" });
    mlflow.state.addRun("churn", { startTime: ago(2 * DAY), sourceType: "NOTEBOOK", status: "FAILED" });
    const recent = mlflow.state.addRun("churn", { startTime: ago(DAY), sourceType: undefined });
    mlflow.state.addRun("elsewhere", { startTime: ago(DAY), sourceType: "JOB" });

    const first = only(await poll([experiment("churn")]));
    expect(first.status).toEqual({ state: "ok" });
    expect(first.signals.map((s) => s.facts)).toEqual([
      { sourceType: "JOB", status: "FINISHED", experimentName: "churn", actorType: "automation" },
      { sourceType: "NOTEBOOK", status: "FAILED", experimentName: "churn", actorType: "person" },
      { sourceType: "UNKNOWN", status: "FINISHED", experimentName: "churn", actorType: "person" },
    ]);
    expect(first.signals[0]).toMatchObject({
      source: "mlflow",
      kind: "mlflow_run",
      subjectKind: "experiment",
      subject: "churn",
      externalId: job.run_id,
      occurredAt: new Date(ago(3 * DAY)),
      url: `${mlflow.url}/#/experiments/1/runs/${job.run_id}`,
    });
    expect(first.cursor).toBe(ago(DAY));

    // Each poll reads again the quarter hour behind its cursor (runs read twice are stored once).
    const fresh = mlflow.state.addRun("churn", { startTime: ago(10 * MINUTE), sourceType: "PROJECT" });
    const second = only(await poll([experiment("churn", first.cursor)]));
    expect(second.signals.map((s) => s.externalId)).toEqual([recent.run_id, fresh.run_id]);
    expect(second.cursor).toBe(ago(10 * MINUTE));

    const idle = only(await poll([experiment("churn", second.cursor)]));
    expect(idle.signals.map((s) => s.externalId)).toEqual([fresh.run_id]);
    expect(idle.cursor).toBe(second.cursor);
  });

  it("calls a deleted experiment stale, not fine: its silence disputes nothing", async () => {
    mlflow.state.addRun("trashed", { startTime: ago(DAY), sourceType: "JOB" });
    mlflow.state.deleteExperiment("trashed");
    const polled = only(await poll([experiment("trashed")]));
    expect(polled.status).toMatchObject({
      state: "stale",
      reason: "not found in MLflow: the experiment trashed is deleted",
    });
    expect(polled.signals).toEqual([]);
  });

  it("reads a run sent in after a poll whose client dated it before the runs that poll read", async () => {
    mlflow.state.addRun("sweep", { startTime: ago(5 * MINUTE), sourceType: "JOB" });
    const first = only(await poll([experiment("sweep")]));
    // A parallel worker's run: started (by its own clock) 2 s before, reaching MLflow after the poll.
    const late = mlflow.state.addRun("sweep", { startTime: ago(5 * MINUTE + 2_000), sourceType: "JOB" });
    const second = only(await poll([experiment("sweep", first.cursor)]));
    expect(second.signals.map((s) => s.externalId)).toContain(late.run_id);
  });

  it("keeps reading when a client's clock is a day ahead, or writes a start no date can hold", async () => {
    mlflow.state.addRun("clocks", { startTime: ago(-DAY), sourceType: "JOB" });
    mlflow.state.addRun("clocks", { startTime: ago(0) * 1_000_000, sourceType: "JOB" });
    const first = only(await poll([experiment("clocks")]));
    expect(first.status).toEqual({ state: "ok" });
    expect(first.signals).toHaveLength(1); // the nanosecond one is left out, not the whole poll
    expect(first.cursor).toBeLessThanOrEqual(ago(-5 * MINUTE));
    const next = mlflow.state.addRun("clocks", { startTime: ago(MINUTE), sourceType: "JOB" });
    const second = only(await poll([experiment("clocks", first.cursor)]));
    expect(second.signals.map((s) => s.externalId)).toContain(next.run_id);
  });

  it("reads every page of a busy experiment, oldest first", async () => {
    for (let i = 7; i > 0; i--) mlflow.state.addRun("busy", { startTime: ago(i * DAY), sourceType: "JOB" });
    const polled = only(await poll([experiment("busy")], { pageSize: 3 }));
    expect(polled.signals.map((s) => s.occurredAt.getTime())).toEqual(
      [7, 6, 5, 4, 3, 2, 1].map((d) => ago(d * DAY)),
    );
    expect(mlflow.callsTo("/runs/search")).toHaveLength(3);
    expect(mlflow.callsTo("/runs/search")[0]?.params).toMatchObject({
      filter: `attributes.start_time > ${ago(28 * DAY)}`,
      order_by: ["attributes.start_time ASC"],
      max_results: 3,
    });
  });

  it("marks an experiment MLflow does not have as stale, saying so", async () => {
    const polled = only(await poll([experiment("typo")]));
    expect(polled.status).toEqual({
      state: "stale",
      since: NOW,
      reason: expect.stringMatching(/^not found in MLflow: /),
    });
  });
});

describe("polling a linked registered model", () => {
  it("gives each version with its stage and aliases, then only what changed and what aliases name", async () => {
    mlflow.state.addVersion("churn", { createdAt: ago(5 * DAY), stage: "Archived" });
    mlflow.state.addVersion("churn", { createdAt: ago(4 * DAY), stage: "Production" });
    mlflow.state.setAlias("churn", "champion", 2, ago(4 * DAY));
    mlflow.state.setAlias("churn", "stable", 2, ago(4 * DAY));

    const first = only(await poll([model("churn")]));
    expect(first.status).toEqual({ state: "ok" });
    expect(first.signals.map((s) => [s.externalId, s.facts])).toEqual([
      ["2", { version: "2", stage: "Production", aliases: "champion,stable" }],
      ["1", { version: "1", stage: "Archived", aliases: "" }],
    ]);
    expect(first.signals[0]).toMatchObject({
      kind: "model_version",
      subjectKind: "model",
      subject: "churn",
      occurredAt: new Date(ago(4 * DAY)),
      url: `${mlflow.url}/#/models/churn/versions/2`,
    });

    mlflow.state.addVersion("churn", { createdAt: ago(MINUTE) });
    const second = only(await poll([model("churn", first.cursor)]));
    expect(second.signals.map((s) => s.externalId)).toEqual(["3", "2"]);
    expect(second.cursor).toBe(ago(MINUTE));
  });
});

describe("a slow, down or failing MLflow", () => {
  it("slow: the poll still returns within its budget, the source stale since now and its cursor kept", async () => {
    mlflow.state.addRun("churn", { startTime: ago(DAY), sourceType: "JOB" });
    mlflow.slow(3_000);
    const started = performance.now();
    const polls = await poll([experiment("churn", ago(2 * DAY)), model("churn")], { budgetMs: 300 });
    const took = performance.now() - started;
    expect(took).toBeLessThan(1_000);
    for (const polled of polls) {
      expect(polled.status).toEqual({
        state: "stale",
        since: NOW,
        reason: expect.stringMatching(/^MLflow did not answer within \d+ ms$/),
      });
      expect(polled.signals).toEqual([]);
    }
    expect(polls[0]?.cursor).toBe(ago(2 * DAY));
  });

  it("down: stale, keeping the first 'since' across polls; back up: fresh again with what it missed", async () => {
    mlflow.state.addRun("churn", { startTime: ago(DAY), sourceType: "JOB" });
    await mlflow.down();
    try {
      const failed = only(await poll([experiment("churn")]));
      expect(failed.status).toMatchObject({ state: "stale", since: NOW });
      expect(failed.status.state === "stale" && failed.status.reason).toMatch(/^MLflow is unreachable/);
      const later = new Date(NOW.getTime() + 15 * MINUTE);
      const again = only(await poll([experiment("churn", failed.cursor, NOW)], { now: later }));
      expect(again.status).toMatchObject({ state: "stale", since: NOW });
    } finally {
      await mlflow.up();
    }
    const recovered = only(await poll([experiment("churn", null, NOW)]));
    expect(recovered.status).toEqual({ state: "ok" });
    expect(recovered.signals).toHaveLength(1);
  });

  it("500: stale, with MLflow's error code", async () => {
    mlflow.failWith500();
    const failed = only(await poll([model("churn")]));
    expect(failed.status).toEqual({
      state: "stale",
      since: NOW,
      reason: expect.stringContaining("HTTP 500 INTERNAL_ERROR"),
    });
  });

  it("a wrong token: stale, saying MLflow refused it", async () => {
    const polls = await pollMlflow({ uri: mlflow.url, token: "expired" }, [experiment("churn")], NOW, {
      budgetMs: 2_000,
    });
    expect(only(polls).status).toEqual({
      state: "stale",
      since: NOW,
      reason: "MLflow refused the token (HTTP 401)",
    });
  });
});
