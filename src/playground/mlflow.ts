// MLflow's side of the playground: a stand-in tracking server (MLFLOW_TRACKING_URI) with the experiment one
// demo team linked. Its runs come from notebooks, so evidence disputes automated training until a scheduled
// training run arrives from GitHub (the page's button); the tick's MLflow poll reads them. Two demo teams also
// link a registered model whose versions (one of them the `champion` alias) show as model versioning.
import { FakeMlflow } from "../fake-mlflow/server.js";

export const DEMO_EXPERIMENT = "churn-model-training";

/** Registered models, with the days before the demo's start each version was registered (oldest first). */
export const DEMO_MODELS = {
  churn: { name: "churn-classifier", versionDaysAgo: [24, 11, 3] },
  fraud: { name: "fraud-scorer", versionDaysAgo: [19, 6] },
} as const;

/** The alias that names the version serving, on each demo model's newest version. */
export const DEMO_ALIAS = "champion";

const DAY_MS = 86_400_000;
/** How many days before the demo's start each run was started. */
const RUN_DAYS_AGO = [16, 9, 5, 2];

export async function startDemoMlflow(): Promise<FakeMlflow> {
  const mlflow = await new FakeMlflow().start();
  mlflow.state.addExperiment(DEMO_EXPERIMENT);
  for (const model of Object.values(DEMO_MODELS)) mlflow.state.addModel(model.name);
  return mlflow;
}

/**
 * A fresh demo's runs and model versions, dated back from `now`. The stand-in keeps them in memory: after a
 * restart the experiment and models are there without them, and what the bot read of them stays in its database.
 */
export function seedDemoRuns(mlflow: FakeMlflow, now: Date): void {
  mlflow.state.clear();
  mlflow.state.addExperiment(DEMO_EXPERIMENT, now.getTime() - 30 * DAY_MS);
  for (const days of RUN_DAYS_AGO)
    mlflow.state.addRun(DEMO_EXPERIMENT, {
      startTime: now.getTime() - days * DAY_MS,
      sourceType: "NOTEBOOK",
      user: "amara",
      name: `churn-xgb-${days}d`,
    });
  for (const model of Object.values(DEMO_MODELS)) {
    mlflow.state.addModel(model.name, now.getTime() - 30 * DAY_MS);
    for (const days of model.versionDaysAgo)
      mlflow.state.addVersion(model.name, { createdAt: now.getTime() - days * DAY_MS });
    const newest = model.versionDaysAgo.length;
    const at = now.getTime() - (model.versionDaysAgo.at(-1) ?? 0) * DAY_MS;
    mlflow.state.setAlias(model.name, DEMO_ALIAS, newest, at);
  }
}
