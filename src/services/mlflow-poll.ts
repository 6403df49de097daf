// The scheduler's MLflow poll: every linked experiment and registered model that is due (isMlflowPollDue) is
// claimed in the database, so that of several replicas ticking at once exactly one reads it, then read from its
// workspace's tracking server, its runs and versions stored as evidence signals, and its cursor and freshness
// recorded (which ends the claim). Workspaces are polled at once, each inside its own budget; a failure marks the
// source stale (since its first failure) and the next poll 15 minutes later tries again.

import type { Kysely } from "kysely";
import type { TickConfig } from "../config.js";
import { linkedMlflowSubjects, storeSignals } from "../db/evidence.js";
import {
  claimDueMlflowSources,
  findMlflowSettings,
  MlflowTokenUnreadable,
  recordMlflowPoll,
} from "../db/mlflow.js";
import type { Database } from "../db/schema.js";
import { MLFLOW_CLAIM_LEASE_SECONDS, mlflowDueBefore } from "../domain/mlflow-polling.js";
import {
  type MlflowServer,
  type MlflowSource,
  pollMlflow,
  type SourcePoll,
} from "../evidence/mlflow/poll.js";
import type { Logger } from "../logger.js";

export interface MlflowPollDeps {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly config: Pick<TickConfig, "mlflow" | "tokenKeys">;
}

/** A workspace's poll may take this long at most; the tick's Slack work is over before it starts. */
export const MLFLOW_POLL_BUDGET_MS = 10_000;

export interface MlflowPollSummary {
  /** Sources read, well or not. */
  readonly polled: number;
  readonly stale: number;
  /** Signals added or changed. */
  readonly stored: number;
}

/** Polls every due source of every workspace; one workspace failing (say, a token that no longer opens) is logged. */
export async function pollDueMlflowSources(
  deps: MlflowPollDeps,
  now: Date,
  budgetMs = MLFLOW_POLL_BUDGET_MS,
): Promise<MlflowPollSummary> {
  const linked = await linkedMlflowSubjects(deps.db);
  const workspaces = [...new Set(linked.map((l) => l.teamId))];
  const results = await Promise.all(
    workspaces.map(async (teamId) => {
      try {
        const subjects = linked.filter((l) => l.teamId === teamId);
        return await pollWorkspace(deps, teamId, subjects, now, budgetMs);
      } catch (err) {
        deps.logger.error(
          { err, teamId },
          "could not poll this workspace's MLflow; the next tick tries again",
        );
        return [];
      }
    }),
  );
  const polls = results.flat();
  return {
    polled: polls.length,
    stale: polls.filter((p) => p.poll.status.state === "stale").length,
    stored: polls.reduce((sum, p) => sum + p.stored, 0),
  };
}

async function pollWorkspace(
  deps: MlflowPollDeps,
  teamId: string,
  subjects: readonly { readonly kind: "experiment" | "model"; readonly name: string }[],
  now: Date,
  budgetMs: number,
): Promise<{ poll: SourcePoll; stored: number }[]> {
  // No server any more (its setting removed): the sources go stale, so their silence disputes nothing.
  const server = (await mlflowServerOf(deps, teamId).catch(tokenProblem)) ?? { unreadable: NO_SERVER };
  const claimed = await claimDueMlflowSources(
    deps.db,
    teamId,
    subjects,
    mlflowDueBefore(now),
    MLFLOW_CLAIM_LEASE_SECONDS,
  );
  const due: MlflowSource[] = claimed.map((source) => ({
    kind: source.kind,
    name: source.name,
    cursor: source.readUntil?.getTime() ?? null,
    staleSince: source.staleSince,
  }));
  if (due.length === 0) return [];
  // A token the bot cannot open makes each source stale, saying why, as a tracking server that is down would.
  const polls =
    "unreadable" in server
      ? due.map((source) => staleSource(source, now, server.unreadable))
      : await pollMlflow(server, due, now, { budgetMs });
  const recorded = [];
  for (const poll of polls) {
    // Signals first: a source is never recorded as read past what was stored.
    const stored = await storeSignals(deps.db, teamId, poll.signals);
    const stale = poll.status.state === "stale" ? poll.status : null;
    await recordMlflowPoll(
      deps.db,
      teamId,
      {
        kind: poll.kind,
        name: poll.name,
        readUntil: poll.cursor === null ? null : new Date(poll.cursor),
        staleSince: stale?.since ?? null,
        staleReason: stale?.reason ?? null,
      },
      now,
    );
    if (stale)
      deps.logger.warn({ teamId, source: poll.name, reason: stale.reason }, "MLflow source is stale");
    recorded.push({ poll, stored });
  }
  return recorded;
}

const NO_SERVER =
  "no MLflow tracking server is set for this workspace any more: an operator sets one with `npm run mlops -- evidence mlflow --workspace … --uri …`";

function tokenProblem(err: unknown): { readonly unreadable: string } {
  if (err instanceof MlflowTokenUnreadable) return { unreadable: err.message };
  throw err;
}

function staleSource(source: MlflowSource, now: Date, reason: string): SourcePoll {
  return { ...source, signals: [], status: { state: "stale", since: source.staleSince ?? now, reason } };
}

/**
 * The workspace's own tracking server, else the bot's MLFLOW_TRACKING_URI; undefined: nothing to poll.
 * Throws MlflowTokenUnreadable when the workspace's stored token cannot be opened.
 */
export async function mlflowServerOf(
  deps: MlflowPollDeps,
  teamId: string,
): Promise<MlflowServer | undefined> {
  const own = await findMlflowSettings(deps.db, teamId, deps.config.tokenKeys);
  return own ?? deps.config.mlflow;
}
