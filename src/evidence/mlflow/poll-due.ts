// What the tick calls: every linked MLflow experiment and model that is due (at most every 15 minutes) is
// polled, a few workspaces at a time, all inside one budget; each workspace's signals go to `record` (the
// evidence store), then each source's cursor and staleness are saved. A source is claimed before it is polled,
// so two processes ticking at once never poll it twice.
import type { Kysely } from "kysely";
import type { TickConfig } from "../../config.js";
import {
  claimMlflowSource,
  findMlflowSettings,
  loadMlflowSources,
  type MlflowSourceState,
  recordMlflowPoll,
} from "../../db/mlflow.js";
import type { Database } from "../../db/schema.js";
import type { EvidenceSignal } from "../../domain/evidence-signal.js";
import { isMlflowPollDue } from "../../domain/mlflow-polling.js";
import type { Logger } from "../../logger.js";
import {
  type MlflowServer,
  type MlflowSource,
  type MlflowSourceKind,
  pollMlflow,
  type SourcePoll,
} from "./poll.js";

/** An experiment or registered model a team of the workspace linked (the links belong to the evidence schema). */
export interface MlflowLink {
  readonly workspaceId: string;
  readonly kind: MlflowSourceKind;
  readonly name: string;
}

export interface MlflowPollDeps {
  readonly db: Kysely<Database>;
  readonly config: Pick<TickConfig, "tokenKeys" | "mlflow">;
  readonly logger: Logger;
  /** Every workspace's linked experiments and models, each once. */
  readonly linkedMlflowSources: () => Promise<readonly MlflowLink[]>;
}

export type RecordSignals = (workspaceId: string, signals: readonly EvidenceSignal[]) => Promise<void>;

export interface MlflowPollReport {
  readonly polled: number;
  readonly stale: number;
  readonly signals: number;
}

/** Workspaces polled at once: enough to hide MLflow's latency, few enough to spare the database pool. */
const WORKSPACES_AT_ONCE = 4;

export async function pollDueMlflowSources(
  deps: MlflowPollDeps,
  now: Date,
  budgetMs: number,
  record: RecordSignals,
): Promise<MlflowPollReport> {
  const deadline = performance.now() + budgetMs;
  const byWorkspace = new Map<string, MlflowLink[]>();
  for (const link of await deps.linkedMlflowSources())
    byWorkspace.set(link.workspaceId, [...(byWorkspace.get(link.workspaceId) ?? []), link]);
  const queue = [...byWorkspace];
  const polls: SourcePoll[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const left = Math.floor(deadline - performance.now());
      if (left <= 0) return; // the rest stays due for the next tick
      const [workspaceId, links] = next;
      polls.push(...(await pollWorkspace(deps, workspaceId, links, now, left, record)));
    }
  };
  await Promise.all(Array.from({ length: WORKSPACES_AT_ONCE }, worker));
  return {
    polled: polls.length,
    stale: polls.filter((p) => p.status.state === "stale").length,
    signals: polls.reduce((n, p) => n + p.signals.length, 0),
  };
}

async function pollWorkspace(
  deps: MlflowPollDeps,
  workspaceId: string,
  links: readonly MlflowLink[],
  now: Date,
  budgetMs: number,
  record: RecordSignals,
): Promise<SourcePoll[]> {
  const known = new Map((await loadMlflowSources(deps.db, workspaceId)).map((s) => [key(s), s]));
  const due: MlflowSource[] = [];
  for (const link of links) {
    const state = known.get(key(link));
    if (!isMlflowPollDue(state?.lastPolledAt ?? null, now)) continue;
    if (await claimMlflowSource(deps.db, workspaceId, link, state?.lastPolledAt ?? null, now)) {
      due.push({
        ...link,
        cursor: state?.readUntil?.getTime() ?? null,
        staleSince: state?.staleSince ?? null,
      });
    }
  }
  if (due.length === 0) return [];
  const server = await serverOf(deps, workspaceId);
  const polls =
    typeof server === "string"
      ? due.map((s) => unpolled(s, now, server))
      : await pollMlflow(server, due, now, { budgetMs });
  const signals = polls.flatMap((p) => p.signals);
  // Signals first: a crash before the cursors are saved reads them again, and the store keeps each once.
  if (signals.length > 0) await record(workspaceId, signals);
  for (const poll of polls) await recordMlflowPoll(deps.db, workspaceId, stateOf(poll), now);
  for (const poll of polls.filter((p) => p.status.state === "stale"))
    deps.logger.warn(
      { workspaceId, kind: poll.kind, name: poll.name, status: poll.status },
      "MLflow source stale",
    );
  return polls;
}

/** The workspace's own tracking server, else MLFLOW_TRACKING_URI; or why there is none to poll. */
async function serverOf(deps: MlflowPollDeps, workspaceId: string): Promise<MlflowServer | string> {
  try {
    const own = await findMlflowSettings(deps.db, workspaceId, deps.config.tokenKeys);
    const server = own ?? deps.config.mlflow;
    if (server) return server;
    return "no MLflow tracking server is set for this workspace (npm run mlops -- evidence mlflow)";
  } catch (err) {
    deps.logger.warn({ err, workspaceId }, "the workspace's MLflow token cannot be opened");
    return "the stored MLflow token cannot be opened with TOKEN_ENCRYPTION_KEY";
  }
}

function unpolled(source: MlflowSource, now: Date, reason: string): SourcePoll {
  const status = { state: "stale", since: source.staleSince ?? now, reason } as const;
  return { kind: source.kind, name: source.name, signals: [], cursor: source.cursor, status };
}

function stateOf(poll: SourcePoll): Omit<MlflowSourceState, "lastPolledAt"> {
  const stale = poll.status.state === "stale" ? poll.status : undefined;
  return {
    kind: poll.kind,
    name: poll.name,
    readUntil: poll.cursor === null ? null : new Date(poll.cursor),
    staleSince: stale?.since ?? null,
    staleReason: stale?.reason ?? null,
  };
}

function key(source: { kind: string; name: string }): string {
  return `${source.kind}\u0000${source.name}`;
}
