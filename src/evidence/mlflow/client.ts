// A thin client for the few MLflow REST API 2.0 calls the evidence needs: global fetch with a timeout, answers
// read with zod (MLflow leaves empty lists and unset fields out), and every failure turned into one typed
// MlflowError. MLflow's own TypeScript package covers tracing only, so there is no dependency to take.
import { z } from "zod";

/** Why a call gave no answer, in terms an operator can act on. */
export type MlflowFailure =
  | { readonly kind: "unreachable"; readonly detail: string }
  | { readonly kind: "timed_out"; readonly afterMs: number }
  | { readonly kind: "unauthorised"; readonly status: number }
  | { readonly kind: "not_found"; readonly message: string }
  | {
      readonly kind: "failed";
      readonly status: number;
      readonly errorCode: string;
      readonly message: string;
    };

export class MlflowError extends Error {
  override name = "MlflowError";
  constructor(readonly failure: MlflowFailure) {
    super(describeMlflowFailure(failure));
  }
}

/** One line for logs and for the "stale since" a person sees. */
export function describeMlflowFailure(failure: MlflowFailure): string {
  switch (failure.kind) {
    case "unreachable":
      return `MLflow is unreachable (${failure.detail})`;
    case "timed_out":
      return `MLflow did not answer within ${failure.afterMs} ms`;
    case "unauthorised":
      return `MLflow refused the token (HTTP ${failure.status})`;
    case "not_found":
      return `not found in MLflow: ${failure.message}`;
    case "failed":
      return `MLflow answered HTTP ${failure.status} ${failure.errorCode}: ${failure.message}`;
    default: {
      const never: never = failure;
      return never;
    }
  }
}

const Tag = z.object({ key: z.string(), value: z.string().default("") });

const Experiment = z.object({
  experiment_id: z.string(),
  name: z.string(),
  lifecycle_stage: z.string().default("active"),
});
export type MlflowExperiment = z.infer<typeof Experiment>;

const Run = z.object({
  info: z.object({
    run_id: z.string(),
    experiment_id: z.string(),
    status: z.string().default("UNKNOWN"),
    start_time: z.number(),
    end_time: z.number().optional(),
  }),
  data: z.object({ tags: z.array(Tag).default([]) }).default({ tags: [] }),
});
export type MlflowRun = z.infer<typeof Run>;

const ModelVersion = z.object({
  name: z.string(),
  version: z.string(),
  creation_timestamp: z.number(),
  last_updated_timestamp: z.number().optional(),
  current_stage: z.string().default("None"),
  run_id: z.string().optional(),
  aliases: z.array(z.string()).default([]),
});
export type MlflowModelVersion = z.infer<typeof ModelVersion>;

const RegisteredModel = z.object({
  name: z.string(),
  last_updated_timestamp: z.number().optional(),
  aliases: z.array(z.object({ alias: z.string(), version: z.string() })).default([]),
});
export type MlflowRegisteredModel = z.infer<typeof RegisteredModel>;

const ExperimentAnswer = z.object({ experiment: Experiment });
const RunsPage = z.object({ runs: z.array(Run).default([]), next_page_token: z.string().optional() });
const ModelAnswer = z.object({ registered_model: RegisteredModel });
const VersionsPage = z.object({
  model_versions: z.array(ModelVersion).default([]),
  next_page_token: z.string().optional(),
});
const VersionAnswer = z.object({ model_version: ModelVersion });

export interface MlflowClientOptions {
  /** The tracking server's base URL (MLFLOW_TRACKING_URI), e.g. https://mlflow.example.com. */
  readonly uri: string;
  /** Sent as `Authorization: Bearer …` (MLFLOW_TRACKING_TOKEN), as MLflow's own clients do. */
  readonly token?: string | undefined;
  /** How long one call may take. */
  readonly timeoutMs: number;
  /** Ends every call at once (the poll's deadline). */
  readonly signal?: AbortSignal;
}

export interface RunsSearch {
  readonly experimentIds: readonly string[];
  readonly filter?: string;
  readonly maxResults?: number;
  readonly orderBy?: readonly string[];
  readonly pageToken?: string | undefined;
}

export interface VersionsSearch {
  readonly filter: string;
  readonly maxResults?: number;
  readonly pageToken?: string | undefined;
}

export type MlflowClient = ReturnType<typeof createMlflowClient>;

export function createMlflowClient(options: MlflowClientOptions) {
  const call = caller(options);
  return {
    getExperimentByName: async (name: string): Promise<MlflowExperiment> =>
      (await call("GET", "experiments/get-by-name", { experiment_name: name }, ExperimentAnswer)).experiment,

    searchRuns: async (search: RunsSearch) => {
      const body = {
        experiment_ids: search.experimentIds,
        ...(search.filter ? { filter: search.filter } : {}),
        ...(search.maxResults ? { max_results: search.maxResults } : {}),
        ...(search.orderBy ? { order_by: search.orderBy } : {}),
        ...(search.pageToken ? { page_token: search.pageToken } : {}),
      };
      const page = await call("POST", "runs/search", body, RunsPage);
      return { runs: page.runs, nextPageToken: page.next_page_token || undefined };
    },

    getRegisteredModel: async (name: string): Promise<MlflowRegisteredModel> =>
      (await call("GET", "registered-models/get", { name }, ModelAnswer)).registered_model,

    searchModelVersions: async (search: VersionsSearch) => {
      const query = {
        filter: search.filter,
        ...(search.maxResults ? { max_results: String(search.maxResults) } : {}),
        ...(search.pageToken ? { page_token: search.pageToken } : {}),
      };
      const page = await call("GET", "model-versions/search", query, VersionsPage);
      return { versions: page.model_versions, nextPageToken: page.next_page_token || undefined };
    },

    getModelVersionByAlias: async (name: string, alias: string): Promise<MlflowModelVersion> =>
      (await call("GET", "registered-models/alias", { name, alias }, VersionAnswer)).model_version,
  };
}

/**
 * Whether the tracking server has an experiment (or registered model) of exactly that name. MLflow answering
 * that it does not is `false`; any failure to ask (unreachable, slow, refused) is thrown as an MlflowError.
 */
export async function hasMlflowSubject(
  options: MlflowClientOptions,
  kind: "experiment" | "model",
  name: string,
): Promise<boolean> {
  const client = createMlflowClient(options);
  try {
    await (kind === "experiment" ? client.getExperimentByName(name) : client.getRegisteredModel(name));
    return true;
  } catch (err) {
    if (err instanceof MlflowError && err.failure.kind === "not_found") return false;
    throw err;
  }
}

const ErrorBody = z.object({ error_code: z.string(), message: z.string().default("") });

function caller(options: MlflowClientOptions) {
  const base = `${options.uri.replace(/\/+$/, "")}/api/2.0/mlflow/`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return async <T>(
    method: "GET" | "POST",
    endpoint: string,
    params: Record<string, unknown>,
    schema: z.ZodType<T>,
  ): Promise<T> => {
    const url = new URL(endpoint, base);
    if (method === "GET") for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    const started = performance.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method,
        headers: method === "POST" ? { ...headers, "content-type": "application/json" } : headers,
        ...(method === "POST" ? { body: JSON.stringify(params) } : {}),
        signal,
      });
      text = await res.text();
    } catch (err) {
      throw new MlflowError(networkFailure(err, signal, Math.round(performance.now() - started)));
    }
    if (!res.ok) throw new MlflowError(httpFailure(res.status, text));
    const parsed = schema.safeParse(parseJson(text));
    if (!parsed.success) {
      const message = `an answer that is not MLflow's ${endpoint} response`;
      throw new MlflowError({ kind: "failed", status: res.status, errorCode: "MALFORMED_RESPONSE", message });
    }
    return parsed.data;
  };
}

function networkFailure(err: unknown, signal: AbortSignal, afterMs: number): MlflowFailure {
  if (signal.aborted) return { kind: "timed_out", afterMs };
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === "string" ? cause.code : String(cause?.message ?? err);
  return { kind: "unreachable", detail };
}

function httpFailure(status: number, text: string): MlflowFailure {
  // An auth proxy in front of MLflow may answer 401/403 with HTML: the status alone says enough.
  if (status === 401 || status === 403) return { kind: "unauthorised", status };
  const body = ErrorBody.safeParse(parseJson(text));
  const errorCode = body.success ? body.data.error_code : `HTTP_${status}`;
  const message = body.success ? body.data.message : text.slice(0, 200);
  if (errorCode === "RESOURCE_DOES_NOT_EXIST") return { kind: "not_found", message };
  return { kind: "failed", status, errorCode, message };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
