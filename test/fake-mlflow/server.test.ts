// The fake MLflow against MLflow's documented behaviour (service.proto, model_registry.proto, the REST API
// reference): what a client sees over HTTP, including error bodies, limits and page tokens.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeMlflow } from "../../src/fake-mlflow/server.js";

const mlflow = new FakeMlflow();
beforeAll(() => mlflow.start());
afterAll(() => mlflow.stop());
beforeEach(() => mlflow.reset());

// biome-ignore lint/suspicious/noExplicitAny: MLflow's raw JSON, asserted field by field.
type Json = any;

const DAY = 86_400_000;
const T0 = Date.parse("2026-12-01T00:00:00Z");

async function get(path: string, query: Record<string, string | string[]> = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) search.append(key, v);
  const res = await fetch(`${mlflow.url}/api/2.0/mlflow${path}?${search}`);
  return { status: res.status, body: (await res.json()) as Json };
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}, url = mlflow.url) {
  const res = await fetch(`${url}/api/2.0/mlflow${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe("the UI's address", () => {
  it("answers where MLflow's UI would be with a page saying only the REST API is here", async () => {
    const res = await fetch(`${mlflow.url}/#/experiments/1/runs/r1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("This is a stand-in for an MLflow tracking server");
    expect(mlflow.calls).toEqual([]);
  });
});

describe("experiments/get-by-name", () => {
  it("answers the experiment by its proto fields, and RESOURCE_DOES_NOT_EXIST (404) for an unknown name", async () => {
    mlflow.state.addExperiment("churn-model", T0);
    const found = await get("/experiments/get-by-name", { experiment_name: "churn-model" });
    expect(found.status).toBe(200);
    expect(found.body.experiment).toMatchObject({
      experiment_id: "1",
      name: "churn-model",
      lifecycle_stage: "active",
      creation_time: T0,
    });
    const missing = await get("/experiments/get-by-name", { experiment_name: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: expect.any(String) });
    const unnamed = await get("/experiments/get-by-name");
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error_code).toBe("INVALID_PARAMETER_VALUE");
  });
});

describe("runs/search", () => {
  beforeEach(() => {
    for (let day = 0; day < 5; day++)
      mlflow.state.addRun("churn", { startTime: T0 + day * DAY, sourceType: day % 2 ? "JOB" : "NOTEBOOK" });
    mlflow.state.addRun("other", { startTime: T0 + 9 * DAY });
  });

  it("keeps the runs of the given experiments that the time filter lets through, newest first by default", async () => {
    const { status, body } = await post("/runs/search", {
      experiment_ids: ["1"],
      filter: `attributes.start_time > ${T0 + DAY}`,
    });
    expect(status).toBe(200);
    expect(body.runs.map((r: Json) => r.info.start_time)).toEqual([T0 + 4 * DAY, T0 + 3 * DAY, T0 + 2 * DAY]);
    expect(body.runs[0].info).toMatchObject({
      experiment_id: "1",
      status: "FINISHED",
      lifecycle_stage: "active",
    });
    expect(body.runs[0].data.tags).toContainEqual({ key: "mlflow.source.type", value: "NOTEBOOK" });
    expect(body.next_page_token).toBeUndefined();
  });

  it("pages with max_results and next_page_token, in the order asked", async () => {
    const seen: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { body } = await post("/runs/search", {
        experiment_ids: ["1"],
        max_results: 2,
        order_by: ["attributes.start_time ASC"],
        ...(token ? { page_token: token } : {}),
      });
      seen.push(...body.runs.map((r: Json) => r.info.start_time));
      token = body.next_page_token;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((d) => T0 + d * DAY));
  });

  it("answers an empty object when nothing matches, as MLflow leaves empty lists out", async () => {
    const { status, body } = await post("/runs/search", {
      experiment_ids: ["1"],
      filter: `attributes.start_time > ${T0 + 30 * DAY}`,
    });
    expect(status).toBe(200);
    expect(body).toEqual({});
  });

  it.each([
    ["a filter outside the subset it knows", { filter: "metrics.rmse < 1" }],
    [
      "OR, which MLflow's grammar does not have",
      { filter: "attributes.start_time > 1 or attributes.start_time < 0" },
    ],
    ["max_results above MLflow's 50,000", { max_results: 50_001 }],
    ["max_results of 0", { max_results: 0 }],
    ["a page token it never handed out", { page_token: "not-a-token" }],
    ["an order_by on an unknown column", { order_by: ["attributes.colour DESC"] }],
  ])("refuses %s with INVALID_PARAMETER_VALUE (400)", async (_what, request) => {
    const { status, body } = await post("/runs/search", { experiment_ids: ["1"], ...request });
    expect(status).toBe(400);
    expect(body).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message: expect.any(String) });
  });

  it("takes max_results of exactly 50,000", async () => {
    const { status, body } = await post("/runs/search", { experiment_ids: ["1"], max_results: 50_000 });
    expect(status).toBe(200);
    expect(body.runs).toHaveLength(5);
  });
});

describe("the model registry", () => {
  beforeEach(() => {
    for (let v = 0; v < 3; v++)
      mlflow.state.addVersion("churn", { createdAt: T0 + v * DAY, stage: v === 1 ? "Production" : "None" });
    mlflow.state.setAlias("churn", "champion", 2, T0 + 3 * DAY);
  });

  it("registered-models/get answers the model with its aliases and latest version per stage", async () => {
    const { status, body } = await get("/registered-models/get", { name: "churn" });
    expect(status).toBe(200);
    expect(body.registered_model.name).toBe("churn");
    expect(body.registered_model.aliases).toEqual([{ alias: "champion", version: "2" }]);
    const latest = body.registered_model.latest_versions.map((v: Json) => [v.current_stage, v.version]);
    expect(latest).toEqual(
      expect.arrayContaining([
        ["None", "3"],
        ["Production", "2"],
      ]),
    );
    const missing = await get("/registered-models/get", { name: "fraud" });
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("model-versions/search filters by name= and pages, by GET and by POST", async () => {
    mlflow.state.addVersion("fraud", { createdAt: T0 });
    const first = await get("/model-versions/search", { filter: "name='churn'", max_results: "2" });
    expect(first.body.model_versions.map((v: Json) => v.version)).toEqual(["3", "2"]);
    const rest = await post("/model-versions/search", {
      filter: "name = 'churn'",
      max_results: 2,
      page_token: first.body.next_page_token,
    });
    expect(rest.body.model_versions.map((v: Json) => [v.version, v.current_stage])).toEqual([["1", "None"]]);
    expect(rest.body.next_page_token).toBeUndefined();
    expect(first.body.model_versions[1]).toMatchObject({ aliases: ["champion"], status: "READY" });
    const refused = await get("/model-versions/search", { filter: "run_id='abc' OR name='churn'" });
    expect(refused.status).toBe(400);
    expect(refused.body.error_code).toBe("INVALID_PARAMETER_VALUE");
  });

  it("registered-models/alias answers the version an alias points at, 404 for an alias that does not exist", async () => {
    const { status, body } = await get("/registered-models/alias", { name: "churn", alias: "champion" });
    expect(status).toBe(200);
    expect(body.model_version).toMatchObject({ name: "churn", version: "2", current_stage: "Production" });
    const missing = await get("/registered-models/alias", { name: "churn", alias: "challenger" });
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });
});

describe("routing", () => {
  it("answers ENDPOINT_NOT_FOUND (404) for a path it does not serve, and 405 for a method an endpoint lacks", async () => {
    expect((await get("/experiments/list")).body.error_code).toBe("ENDPOINT_NOT_FOUND");
    const wrong = await get("/runs/search");
    expect(wrong.status).toBe(405);
  });
});

describe("bearer-token auth", () => {
  const guarded = new FakeMlflow({ token: "s3cret" });
  beforeAll(() => guarded.start());
  afterAll(() => guarded.stop());

  it("refuses a request without the token, or with another, with 401; serves one with it", async () => {
    const search = { experiment_ids: ["1"] };
    expect((await post("/runs/search", search, {}, guarded.url)).status).toBe(401);
    const wrong = await post("/runs/search", search, { authorization: "Bearer nope" }, guarded.url);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error_code).toBe("UNAUTHENTICATED");
    const right = await post("/runs/search", search, { authorization: "Bearer s3cret" }, guarded.url);
    expect(right.status).toBe(200);
  });
});

describe("fault switches", () => {
  it("down refuses connections until up, on the same URL", async () => {
    mlflow.state.addExperiment("churn");
    await mlflow.down();
    await expect(
      fetch(`${mlflow.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=churn`),
    ).rejects.toThrow();
    await mlflow.up();
    expect((await get("/experiments/get-by-name", { experiment_name: "churn" })).status).toBe(200);
  });

  it("slow answers late; 500 fails every request with INTERNAL_ERROR until cleared", async () => {
    mlflow.slow(300);
    const started = performance.now();
    await post("/runs/search", { experiment_ids: [] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    mlflow.clearFaults();
    mlflow.failWith500();
    const failed = await post("/runs/search", { experiment_ids: [] });
    expect(failed).toEqual({
      status: 500,
      body: { error_code: "INTERNAL_ERROR", message: expect.any(String) },
    });
    mlflow.clearFaults();
    expect((await post("/runs/search", { experiment_ids: [] })).status).toBe(200);
  });
});
