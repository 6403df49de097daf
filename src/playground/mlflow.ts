// MLflow's side of the playground: a stand-in tracking server (MLFLOW_TRACKING_URI) with the experiment one
// demo team linked. Its runs come from notebooks, so evidence disputes automated training until a scheduled
// training run arrives from GitHub (the page's button); the tick's MLflow poll reads them.
import { FakeMlflow } from "../fake-mlflow/server.js";

export const DEMO_EXPERIMENT = "churn-model-training";

const DAY_MS = 86_400_000;
/** How many days before the demo's start each run was started. */
const RUN_DAYS_AGO = [16, 9, 5, 2];

export async function startDemoMlflow(): Promise<FakeMlflow> {
  const mlflow = await new FakeMlflow().start();
  mlflow.state.addExperiment(DEMO_EXPERIMENT);
  return mlflow;
}

/**
 * A fresh demo's runs, dated back from `now`. The stand-in keeps them in memory: after a restart the experiment
 * is there without them, and what the bot read of them before stays in its database.
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
}
