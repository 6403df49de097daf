// The REST API 2.0 endpoints the bot calls, answered from the fake's state as the tracking server answers
// them (mlflow/protos/service.proto and model_registry.proto): request fields by their proto names,
// RESOURCE_DOES_NOT_EXIST as HTTP 404, INVALID_PARAMETER_VALUE as HTTP 400.
import {
  invalidParameter,
  MlflowApiError,
  matchesClause,
  maxResults,
  page,
  parseOrderBy,
  parseRunFilter,
  parseVersionFilter,
} from "./search.js";
import {
  experimentJson,
  type FakeMlflowState,
  type FakeModelVersion,
  type FakeRun,
  registeredModelJson,
  runJson,
  versionJson,
} from "./state.js";

/** A request's fields: the query string of a GET, the JSON body of a POST. */
export type Params = Readonly<Record<string, unknown>>;
type Handler = (state: FakeMlflowState, params: Params) => Record<string, unknown>;

/** MLflow's limits: runs/search takes at most 50,000 runs a page, model-versions/search 200,000. */
export const RUNS_MAX_RESULTS = 50_000;
const RUNS_DEFAULT_RESULTS = 1_000;
const VERSIONS_MAX_RESULTS = 200_000;
const VERSIONS_DEFAULT_RESULTS = 10_000;

function required(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== "string" || value === "") {
    throw invalidParameter(`Missing value for required parameter '${name}'.`);
  }
  return value;
}

function notFound(message: string): MlflowApiError {
  return new MlflowApiError(404, "RESOURCE_DOES_NOT_EXIST", message);
}

function strings(params: Params, name: string): string[] {
  const value = params[name] ?? [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v): v is string => typeof v === "string")) {
    throw invalidParameter(`'${name}' must be a list of strings.`);
  }
  return list;
}

const VIEW_STAGES: Readonly<Record<string, readonly string[]>> = {
  ACTIVE_ONLY: ["active"],
  DELETED_ONLY: ["deleted"],
  ALL: ["active", "deleted"],
};

function getExperimentByName(state: FakeMlflowState, params: Params) {
  const name = required(params, "experiment_name");
  const experiment = state.experimentByName(name);
  if (!experiment) throw notFound(`No experiment named '${name}'.`);
  return { experiment: experimentJson(experiment) };
}

function searchRuns(state: FakeMlflowState, params: Params) {
  const ids = new Set(strings(params, "experiment_ids"));
  const clauses = parseRunFilter(params.filter as string | undefined);
  const stages = VIEW_STAGES[String(params.run_view_type ?? "ACTIVE_ONLY")];
  if (!stages) throw invalidParameter(`Unknown run_view_type '${String(params.run_view_type)}'.`);
  const limit = maxResults(params.max_results, RUNS_DEFAULT_RESULTS, RUNS_MAX_RESULTS);
  // MLflow's tiebreak, and its order when none is asked: start_time DESC, then run_id.
  const tiebreak = (a: FakeRun, b: FakeRun) =>
    b.start_time - a.start_time || (a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0);
  const order = parseOrderBy<FakeRun>(
    strings(params, "order_by"),
    { start_time: (r) => r.start_time, end_time: (r) => r.end_time ?? 0, run_id: (r) => r.run_id },
    tiebreak,
  );
  const matching = state.runs
    .filter((r) => ids.has(r.experiment_id) && stages.includes(r.lifecycle_stage))
    .filter((r) => clauses.every((c) => matchesClause(r[c.key], c)))
    .sort(order);
  const { items, next } = page(matching, limit, params.page_token as string | undefined);
  return {
    ...(items.length > 0 ? { runs: items.map(runJson) } : {}),
    ...(next ? { next_page_token: next } : {}),
  };
}

function getRegisteredModel(state: FakeMlflowState, params: Params) {
  const name = required(params, "name");
  const model = state.models.get(name);
  if (!model) throw notFound(`Registered model '${name}' does not exist.`);
  return { registered_model: registeredModelJson(state, model) };
}

function searchModelVersions(state: FakeMlflowState, params: Params) {
  const name = parseVersionFilter(params.filter as string | undefined);
  const limit = maxResults(params.max_results, VERSIONS_DEFAULT_RESULTS, VERSIONS_MAX_RESULTS);
  const tiebreak = (a: FakeModelVersion, b: FakeModelVersion) =>
    b.last_updated_timestamp - a.last_updated_timestamp ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : b.version - a.version);
  const order = parseOrderBy<FakeModelVersion>(
    strings(params, "order_by"),
    {
      name: (v) => v.name,
      version_number: (v) => v.version,
      creation_timestamp: (v) => v.creation_timestamp,
      last_updated_timestamp: (v) => v.last_updated_timestamp,
    },
    tiebreak,
  );
  const matching = state.versions.filter((v) => name === undefined || v.name === name).sort(order);
  const { items, next } = page(matching, limit, params.page_token as string | undefined);
  return {
    ...(items.length > 0 ? { model_versions: items.map((v) => versionJson(v, state.aliasesOf(v))) } : {}),
    ...(next ? { next_page_token: next } : {}),
  };
}

function getModelVersionByAlias(state: FakeMlflowState, params: Params) {
  const name = required(params, "name");
  const alias = required(params, "alias");
  const model = state.models.get(name);
  if (!model) throw notFound(`Registered model '${name}' does not exist.`);
  const number = model.aliases.get(alias);
  const version = state.versions.find((v) => v.name === name && v.version === number);
  if (!version) throw notFound(`Alias '${alias}' of registered model '${name}' does not exist.`);
  return { model_version: versionJson(version, state.aliasesOf(version)) };
}

/** Path (after /api/2.0/mlflow) → HTTP method → handler. */
export const ENDPOINTS: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  "/experiments/get-by-name": { GET: getExperimentByName },
  "/runs/search": { POST: searchRuns },
  "/registered-models/get": { GET: getRegisteredModel },
  "/model-versions/search": { GET: searchModelVersions, POST: searchModelVersions },
  "/registered-models/alias": { GET: getModelVersionByAlias },
};
