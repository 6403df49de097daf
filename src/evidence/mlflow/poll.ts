// One poll of a workspace's linked MLflow experiments and registered models, incrementally from each one's
// cursor, inside a budget: when the deadline comes every call still running is aborted and its source is
// reported stale, so a slow MLflow never holds the caller longer than the budget.

import type { EvidenceSignal } from "../../domain/evidence-signal.js";
import { MLFLOW_BACKFILL_MS } from "../../domain/mlflow-polling.js";
import { createMlflowClient, describeMlflowFailure, type MlflowClient, MlflowError } from "./client.js";
import { experimentRunSignal, versionSignal } from "./signals.js";

export type MlflowSourceKind = "experiment" | "model";

/** A linked experiment or registered model, with what the last poll left of it. */
export interface MlflowSource {
  readonly kind: MlflowSourceKind;
  /** The experiment's or registered model's name, as linked. */
  readonly name: string;
  /** Experiments: start_time (ms) of the newest run read; models: newest update read. Null before the first poll. */
  readonly cursor: number | null;
  /** Since when it has been failing; null while fresh. */
  readonly staleSince: Date | null;
}

export type SourceStatus =
  | { readonly state: "ok" }
  | { readonly state: "stale"; readonly since: Date; readonly reason: string };

export interface SourcePoll {
  readonly kind: MlflowSourceKind;
  readonly name: string;
  readonly signals: readonly EvidenceSignal[];
  /** Where the next poll starts; a poll cut short still moves it past what it read. */
  readonly cursor: number | null;
  readonly status: SourceStatus;
}

export interface MlflowServer {
  readonly uri: string;
  readonly token?: string | undefined;
}

export interface PollOptions {
  /** The whole poll's deadline, from its start. */
  readonly budgetMs: number;
  /** Runs or versions a page (MLflow's default is 1,000 runs). */
  readonly pageSize?: number;
}

/** Polls every source at once and answers within `budgetMs`, whatever MLflow does. */
export async function pollMlflow(
  server: MlflowServer,
  sources: readonly MlflowSource[],
  now: Date,
  options: PollOptions,
): Promise<SourcePoll[]> {
  const budgetMs = Math.max(1, Math.ceil(options.budgetMs)); // timers take whole milliseconds
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), budgetMs);
  const client = createMlflowClient({
    uri: server.uri,
    token: server.token,
    timeoutMs: budgetMs,
    signal: deadline.signal,
  });
  const context = { client, uri: server.uri, now, pageSize: options.pageSize ?? 1_000 };
  try {
    return await Promise.all(sources.map((source) => pollSource(context, source)));
  } finally {
    clearTimeout(timer);
  }
}

interface PollContext {
  readonly client: MlflowClient;
  readonly uri: string;
  readonly now: Date;
  readonly pageSize: number;
}

/** What a source's poll read before it ended, well or not. */
interface Progress {
  readonly signals: EvidenceSignal[];
  cursor: number | null;
}

async function pollSource(context: PollContext, source: MlflowSource): Promise<SourcePoll> {
  const progress: Progress = { signals: [], cursor: source.cursor };
  const read = source.kind === "experiment" ? readExperiment : readModel;
  try {
    await read(context, source, progress);
    return { ...source, signals: progress.signals, cursor: progress.cursor, status: { state: "ok" } };
  } catch (err) {
    if (!(err instanceof MlflowError)) throw err;
    const since = source.staleSince ?? context.now;
    const reason = describeMlflowFailure(err.failure);
    return {
      ...source,
      signals: progress.signals,
      cursor: progress.cursor,
      status: { state: "stale", since, reason },
    };
  }
}

/**
 * A run's start time is set by the client that created it, on its own clock: a run sent in after a poll may
 * carry an earlier start than one that poll read. Each poll reads again this far behind its cursor (the runs
 * seen twice are stored once, by run id).
 */
const RUN_OVERLAP_MS = 15 * 60_000;
/** A cursor never moves past the bot's now by more than this: one client's clock a day ahead must not hide runs. */
const CURSOR_AHEAD_MS = 5 * 60_000;

function lowerBound(context: PollContext, source: MlflowSource): number {
  return source.cursor === null ? context.now.getTime() - MLFLOW_BACKFILL_MS : source.cursor - RUN_OVERLAP_MS;
}

/** A cursor from what MLflow said, held within the bot's now (and a date JavaScript can hold). */
function heldCursor(context: PollContext, cursor: number | null): number | null {
  if (cursor === null || Number.isNaN(cursor)) return null;
  return Math.min(cursor, context.now.getTime() + CURSOR_AHEAD_MS);
}

/** An instant in ms a Date can hold (±8.64e15): a client writing micro- or nanoseconds gives more. */
const isInstant = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;

/** Runs started after the cursor, oldest first, so that a poll cut short keeps what it read. */
async function readExperiment(context: PollContext, source: MlflowSource, progress: Progress) {
  const experiment = await context.client.getExperimentByName(source.name);
  // Deleted (in MLflow's trash): what it holds is no longer the team's tracking, nor its silence a dispute.
  if (experiment.lifecycle_stage === "deleted")
    throw new MlflowError({ kind: "not_found", message: `the experiment ${source.name} is deleted` });
  const after = lowerBound(context, source);
  let pageToken: string | undefined;
  do {
    const page = await context.client.searchRuns({
      experimentIds: [experiment.experiment_id],
      filter: `attributes.start_time > ${after}`,
      orderBy: ["attributes.start_time ASC"],
      maxResults: context.pageSize,
      pageToken,
    });
    // A run whose start no date can hold is left out, not the whole workspace's poll.
    const runs = page.runs.filter((run) => isInstant(run.info.start_time));
    progress.signals.push(...runs.map((run) => experimentRunSignal(context.uri, source.name, run)));
    pageToken = page.nextPageToken;
    // Runs that share the last start time may go on in the next page: start there again if cut short.
    const last = runs.at(-1)?.info.start_time;
    const before = runs.filter((r) => r.info.start_time !== last).at(-1)?.info.start_time;
    progress.cursor = heldCursor(
      context,
      pageToken ? (before ?? progress.cursor) : (last ?? progress.cursor),
    );
  } while (pageToken);
}

/**
 * The registered model (its aliases), then its versions: those changed since the cursor, and every version an
 * alias points at (moving an alias changes the model, not the version).
 */
async function readModel(context: PollContext, source: MlflowSource, progress: Progress) {
  const model = await context.client.getRegisteredModel(source.name);
  const aliases = new Map<string, string[]>();
  for (const { alias, version } of model.aliases)
    aliases.set(version, [...(aliases.get(version) ?? []), alias]);
  const after = lowerBound(context, source);
  let newest = Math.max(progress.cursor ?? 0, model.last_updated_timestamp ?? 0);
  let pageToken: string | undefined;
  do {
    const page = await context.client.searchModelVersions({
      filter: `name=${quoted(source.name)}`,
      maxResults: context.pageSize,
      pageToken,
    });
    for (const version of page.versions) {
      const updated = version.last_updated_timestamp ?? version.creation_timestamp;
      if (!isInstant(updated)) continue;
      newest = Math.max(newest, updated);
      const named = aliases.get(version.version) ?? [];
      if (updated > after || named.length > 0)
        progress.signals.push(versionSignal(context.uri, version, named));
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  progress.cursor = heldCursor(context, newest);
}

/** A string constant of MLflow's filter grammar. */
function quoted(name: string): string {
  return name.includes("'") ? `"${name}"` : `'${name}'`;
}
