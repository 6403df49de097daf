// The MLflow client against the fake tracking server: typed answers, and each way a call can fail turned
// into the one failure an operator can act on.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createMlflowClient,
  describeMlflowFailure,
  MlflowError,
  type MlflowFailure,
} from "../../../src/evidence/mlflow/client.js";
import { FakeMlflow } from "../../../src/fake-mlflow/server.js";

const mlflow = new FakeMlflow({ token: "tok-1" });
beforeAll(() => mlflow.start());
afterAll(() => mlflow.stop());
beforeEach(() => mlflow.reset());

const T0 = Date.parse("2026-12-01T00:00:00Z");
const client = (options: { token?: string; timeoutMs?: number } = {}) =>
  createMlflowClient({
    uri: `${mlflow.url}/`,
    token: options.token ?? "tok-1",
    timeoutMs: options.timeoutMs ?? 2_000,
  });

async function failureOf(call: Promise<unknown>): Promise<MlflowFailure> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof MlflowError)) throw new Error(`expected an MlflowError, got ${String(err)}`);
  return err.failure;
}

describe("MLflow client", () => {
  it("reads an experiment's runs with their tags, and an empty page as no runs", async () => {
    mlflow.state.addRun("churn", { startTime: T0, sourceType: "JOB", status: "FAILED" });
    const experiment = await client().getExperimentByName("churn");
    expect(experiment).toMatchObject({ experiment_id: "1", name: "churn" });
    const page = await client().searchRuns({ experimentIds: [experiment.experiment_id] });
    expect(page.runs).toHaveLength(1);
    expect(page.runs[0]?.info).toMatchObject({ status: "FAILED", start_time: T0 });
    expect(page.runs[0]?.data.tags).toContainEqual({ key: "mlflow.source.type", value: "JOB" });
    expect(page.nextPageToken).toBeUndefined();
    const none = await client().searchRuns({ experimentIds: ["1"], filter: `attributes.start_time > ${T0}` });
    expect(none).toEqual({ runs: [], nextPageToken: undefined });
  });

  it("reads a registered model, its versions page by page, and a version by alias", async () => {
    mlflow.state.addVersion("churn", { createdAt: T0 });
    mlflow.state.addVersion("churn", { createdAt: T0 + 1, stage: "Production" });
    mlflow.state.setAlias("churn", "champion", 2, T0 + 2);
    const model = await client().getRegisteredModel("churn");
    expect(model.aliases).toEqual([{ alias: "champion", version: "2" }]);
    const first = await client().searchModelVersions({ filter: "name='churn'", maxResults: 1 });
    expect(first.versions.map((v) => v.version)).toEqual(["2"]);
    expect(first.versions[0]?.aliases).toEqual(["champion"]);
    const second = await client().searchModelVersions({
      filter: "name='churn'",
      maxResults: 1,
      pageToken: first.nextPageToken,
    });
    expect(second.versions.map((v) => [v.version, v.current_stage, v.aliases])).toEqual([["1", "None", []]]);
    expect(second.nextPageToken).toBeUndefined();
    const champion = await client().getModelVersionByAlias("churn", "champion");
    expect(champion).toMatchObject({ version: "2", current_stage: "Production" });
  });

  it("sends the token as a bearer token; without it, or with another, the failure is 'unauthorised'", async () => {
    mlflow.state.addExperiment("churn");
    expect(mlflow.calls).toHaveLength(0);
    await client().getExperimentByName("churn");
    expect(mlflow.calls[0]?.authorization).toBe("Bearer tok-1");
    const failure = await failureOf(client({ token: "wrong" }).getExperimentByName("churn"));
    expect(failure).toEqual({ kind: "unauthorised", status: 401 });
    expect(describeMlflowFailure(failure)).toBe("MLflow refused the token (HTTP 401)");
  });

  it("says 'not found' for an experiment, model or alias MLflow does not have", async () => {
    expect((await failureOf(client().getExperimentByName("nope"))).kind).toBe("not_found");
    expect((await failureOf(client().getRegisteredModel("nope"))).kind).toBe("not_found");
  });

  it("says 'unreachable' when nothing listens, 'timed out' when MLflow answers too late, and passes on a 500", async () => {
    await mlflow.down();
    const down = await failureOf(client().getExperimentByName("churn"));
    await mlflow.up();
    // ECONNREFUSED, or a pooled connection found closed: either way nothing answers.
    expect(down.kind).toBe("unreachable");
    expect(describeMlflowFailure(down)).toMatch(/^MLflow is unreachable \(.+\)$/);

    mlflow.slow(1_000);
    const started = performance.now();
    const slow = await failureOf(client({ timeoutMs: 200 }).getExperimentByName("churn"));
    expect(performance.now() - started).toBeLessThan(900);
    expect(slow.kind).toBe("timed_out");
    expect(describeMlflowFailure(slow)).toMatch(/^MLflow did not answer within \d+ ms$/);
    mlflow.clearFaults();

    mlflow.failWith500();
    const failed = await failureOf(client().searchRuns({ experimentIds: ["1"] }));
    expect(failed).toMatchObject({ kind: "failed", status: 500, errorCode: "INTERNAL_ERROR" });
  });

  it("refuses a filter outside MLflow's grammar with MLflow's own INVALID_PARAMETER_VALUE", async () => {
    const failure = await failureOf(
      client().searchRuns({ experimentIds: ["1"], filter: "attributes.start_time ~ 3" }),
    );
    expect(failure).toMatchObject({ kind: "failed", status: 400, errorCode: "INVALID_PARAMETER_VALUE" });
  });
});
