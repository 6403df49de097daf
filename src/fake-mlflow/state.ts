// What the fake MLflow holds, in the shapes of mlflow/protos/service.proto and model_registry.proto as the
// tracking server writes them in JSON: snake_case field names, int64 timestamps as numbers, enums by name,
// version numbers as strings, and empty repeated fields left out.

export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";
export type SourceType = "NOTEBOOK" | "JOB" | "PROJECT" | "LOCAL" | "UNKNOWN";

export interface FakeExperiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: "active" | "deleted";
  readonly creation_time: number;
  readonly last_update_time: number;
}

export interface FakeRun {
  readonly run_id: string;
  readonly run_name: string;
  readonly experiment_id: string;
  readonly user_id: string;
  readonly status: RunStatus;
  readonly start_time: number;
  readonly end_time: number | undefined;
  readonly lifecycle_stage: "active" | "deleted";
  readonly tags: Readonly<Record<string, string>>;
}

export interface FakeModelVersion {
  readonly name: string;
  readonly version: number;
  readonly creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: string;
  readonly source: string;
  readonly run_id: string;
  readonly user_id: string;
}

export interface FakeRegisteredModel {
  readonly name: string;
  readonly creation_timestamp: number;
  last_updated_timestamp: number;
  readonly description: string;
  /** alias → version number. */
  readonly aliases: Map<string, number>;
}

export interface RunOptions {
  startTime: number;
  status?: RunStatus;
  /** The `mlflow.source.type` tag; left out when undefined (old clients did not always set it). */
  sourceType?: SourceType | undefined;
  user?: string;
  name?: string;
  endTime?: number;
  tags?: Record<string, string>;
}

export interface VersionOptions {
  createdAt: number;
  stage?: "None" | "Staging" | "Production" | "Archived";
  runId?: string;
}

/** Experiments, runs and the model registry of one tracking server. */
export class FakeMlflowState {
  readonly experiments = new Map<string, FakeExperiment>();
  readonly runs: FakeRun[] = [];
  readonly models = new Map<string, FakeRegisteredModel>();
  readonly versions: FakeModelVersion[] = [];
  private nextExperiment = 1;
  private nextRun = 1;

  addExperiment(name: string, createdAt = 0): FakeExperiment {
    const experiment_id = String(this.nextExperiment++);
    const experiment: FakeExperiment = {
      experiment_id,
      name,
      artifact_location: `mlflow-artifacts:/${experiment_id}`,
      lifecycle_stage: "active",
      creation_time: createdAt,
      last_update_time: createdAt,
    };
    this.experiments.set(experiment_id, experiment);
    return experiment;
  }

  /** Moves an experiment to MLflow's trash: get-by-name still finds it, as `deleted`. */
  deleteExperiment(name: string): void {
    const experiment = this.experimentByName(name);
    if (experiment)
      this.experiments.set(experiment.experiment_id, { ...experiment, lifecycle_stage: "deleted" });
  }

  experimentByName(name: string): FakeExperiment | undefined {
    return [...this.experiments.values()].find((e) => e.name === name);
  }

  /** A run in the named experiment (created if new); its id is 32 hex digits, as MLflow's are. */
  addRun(experimentName: string, options: RunOptions): FakeRun {
    const experiment = this.experimentByName(experimentName) ?? this.addExperiment(experimentName);
    const run_id = (this.nextRun++).toString(16).padStart(32, "0");
    const user = options.user ?? "ada";
    const tags: Record<string, string> = { "mlflow.user": user, ...options.tags };
    if (options.sourceType !== undefined) tags["mlflow.source.type"] = options.sourceType;
    const run: FakeRun = {
      run_id,
      run_name: options.name ?? `run-${this.nextRun - 1}`,
      experiment_id: experiment.experiment_id,
      user_id: user,
      status: options.status ?? "FINISHED",
      start_time: options.startTime,
      end_time: options.endTime ?? (options.status === "RUNNING" ? undefined : options.startTime + 60_000),
      lifecycle_stage: "active",
      tags,
    };
    this.runs.push(run);
    return run;
  }

  addModel(name: string, createdAt = 0): FakeRegisteredModel {
    const model: FakeRegisteredModel = {
      name,
      creation_timestamp: createdAt,
      last_updated_timestamp: createdAt,
      description: "",
      aliases: new Map(),
    };
    this.models.set(name, model);
    return model;
  }

  /** The next version of the named model (created if new), READY at once as a local registry's are. */
  addVersion(modelName: string, options: VersionOptions): FakeModelVersion {
    const model = this.models.get(modelName) ?? this.addModel(modelName, options.createdAt);
    const version: FakeModelVersion = {
      name: modelName,
      version: this.versions.filter((v) => v.name === modelName).length + 1,
      creation_timestamp: options.createdAt,
      last_updated_timestamp: options.createdAt,
      current_stage: options.stage ?? "None",
      source: `models:/m-${modelName}-${options.createdAt}`,
      run_id: options.runId ?? "",
      user_id: "",
    };
    this.versions.push(version);
    model.last_updated_timestamp = Math.max(model.last_updated_timestamp, options.createdAt);
    return version;
  }

  /** Points an alias at a version, moving it from any other (an alias names one version at a time). */
  setAlias(modelName: string, alias: string, version: number, at: number): void {
    const model = this.models.get(modelName);
    if (!model) throw new Error(`FakeMlflow: no registered model ${modelName}`);
    model.aliases.set(alias, version);
    model.last_updated_timestamp = Math.max(model.last_updated_timestamp, at);
  }

  aliasesOf(version: FakeModelVersion): string[] {
    const model = this.models.get(version.name);
    if (!model) return [];
    return [...model.aliases].filter(([, v]) => v === version.version).map(([alias]) => alias);
  }

  clear(): void {
    this.experiments.clear();
    this.runs.length = 0;
    this.models.clear();
    this.versions.length = 0;
    this.nextExperiment = 1;
    this.nextRun = 1;
  }
}

// ---- JSON, as the tracking server writes it (message_to_json: unset and empty repeated fields left out) ----

export function experimentJson(e: FakeExperiment): Record<string, unknown> {
  return { ...e };
}

export function runJson(run: FakeRun): Record<string, unknown> {
  const tags = Object.entries(run.tags).map(([key, value]) => ({ key, value }));
  return {
    info: {
      run_id: run.run_id,
      run_uuid: run.run_id,
      run_name: run.run_name,
      experiment_id: run.experiment_id,
      user_id: run.user_id,
      status: run.status,
      start_time: run.start_time,
      ...(run.end_time === undefined ? {} : { end_time: run.end_time }),
      artifact_uri: `mlflow-artifacts:/${run.experiment_id}/${run.run_id}/artifacts`,
      lifecycle_stage: run.lifecycle_stage,
    },
    data: tags.length > 0 ? { tags } : {},
    inputs: {},
  };
}

export function versionJson(v: FakeModelVersion, aliases: string[]): Record<string, unknown> {
  return {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.creation_timestamp,
    last_updated_timestamp: v.last_updated_timestamp,
    current_stage: v.current_stage,
    description: "",
    source: v.source,
    ...(v.run_id ? { run_id: v.run_id } : {}),
    status: "READY",
    ...(aliases.length > 0 ? { aliases } : {}),
  };
}

/** A registered model with the latest READY version per stage and its aliases. */
export function registeredModelJson(state: FakeMlflowState, m: FakeRegisteredModel): Record<string, unknown> {
  const latest = new Map<string, FakeModelVersion>();
  for (const v of state.versions.filter((x) => x.name === m.name)) {
    const held = latest.get(v.current_stage);
    if (!held || held.version < v.version) latest.set(v.current_stage, v);
  }
  const latestVersions = [...latest.values()].map((v) => versionJson(v, state.aliasesOf(v)));
  const aliases = [...m.aliases].map(([alias, version]) => ({ alias, version: String(version) }));
  return {
    name: m.name,
    creation_timestamp: m.creation_timestamp,
    last_updated_timestamp: m.last_updated_timestamp,
    ...(latestVersions.length > 0 ? { latest_versions: latestVersions } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
  };
}
