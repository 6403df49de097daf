// Asking a workspace's MLflow tracking server whether a name a team links exists, before `/mlops link` stores it:
// a misspelt experiment would otherwise be polled for ever and never show evidence.
import { MlflowTokenUnreadable } from "../db/mlflow.js";
import { describeMlflowFailure, hasMlflowSubject, MlflowError } from "../evidence/mlflow/client.js";
import type { MlflowLookup, MlflowNames } from "./evidence-links.js";
import { type MlflowPollDeps, mlflowServerOf } from "./mlflow-poll.js";

/** Long enough for a tracking server nearby; short enough to leave the request its database time (1.2 s in all) and its 3 s. */
const MLFLOW_LOOKUP_TIMEOUT_MS = 600;

export function mlflowNames(deps: MlflowPollDeps, timeoutMs = MLFLOW_LOOKUP_TIMEOUT_MS): MlflowNames {
  return {
    lookUp: async (teamId, kind, name): Promise<MlflowLookup> => {
      try {
        const server = await mlflowServerOf(deps, teamId);
        if (!server) return { kind: "off" };
        const found = await hasMlflowSubject({ ...server, timeoutMs }, kind, name);
        return { kind: found ? "found" : "missing" };
      } catch (err) {
        if (err instanceof MlflowTokenUnreadable) return { kind: "unknown", reason: err.message };
        if (!(err instanceof MlflowError)) throw err;
        deps.logger.warn({ teamId, kind, name, err }, "could not ask MLflow about a name being linked");
        return { kind: "unknown", reason: describeMlflowFailure(err.failure) };
      }
    },
  };
}
