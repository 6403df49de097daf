// MLflow's runs and model versions as evidence signals, with the facts evidence-signal.ts names for
// `mlflow_run` and `model_version`, and a link to the page in the MLflow UI.
import type { ActorType, EvidenceSignal } from "../../domain/evidence-signal.js";
import type { MlflowModelVersion, MlflowRun } from "./client.js";

const SOURCE_TYPES = new Set(["NOTEBOOK", "JOB", "PROJECT", "LOCAL", "UNKNOWN"]);

/** The run's `mlflow.source.type` tag; UNKNOWN when the client that logged it did not say. */
export function sourceTypeOf(run: MlflowRun): string {
  const tag = run.data.tags.find((t) => t.key === "mlflow.source.type")?.value.toUpperCase();
  return tag && SOURCE_TYPES.has(tag) ? tag : "UNKNOWN";
}

/** A scheduled or triggered job is automation; a notebook, a local script or a project run by hand is a person. */
export function actorTypeOf(sourceType: string): ActorType {
  return sourceType === "JOB" ? "automation" : "person";
}

function uiBase(uri: string): string {
  return uri.replace(/\/+$/, "");
}

export function experimentRunSignal(uri: string, experimentName: string, run: MlflowRun): EvidenceSignal {
  const { run_id, experiment_id, start_time, status } = run.info;
  const sourceType = sourceTypeOf(run);
  return {
    source: "mlflow",
    kind: "mlflow_run",
    subjectKind: "experiment",
    subject: experimentName,
    externalId: run_id,
    occurredAt: new Date(start_time),
    url: `${uiBase(uri)}/#/experiments/${encodeURIComponent(experiment_id)}/runs/${encodeURIComponent(run_id)}`,
    facts: { sourceType, status, experimentName, actorType: actorTypeOf(sourceType) },
  };
}

/** A version of a registered model; `aliases` are those the registered model says point at it. */
export function versionSignal(
  uri: string,
  version: MlflowModelVersion,
  aliases: readonly string[],
): EvidenceSignal {
  const all = [...new Set([...aliases, ...version.aliases])].sort();
  return {
    source: "mlflow",
    kind: "model_version",
    subjectKind: "model",
    subject: version.name,
    externalId: version.version,
    occurredAt: new Date(version.creation_timestamp),
    url: `${uiBase(uri)}/#/models/${encodeURIComponent(version.name)}/versions/${encodeURIComponent(version.version)}`,
    facts: { version: version.version, stage: version.current_stage, aliases: all.join(",") },
  };
}
