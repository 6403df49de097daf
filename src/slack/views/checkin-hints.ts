import type { CriterionId } from "../../domain/rubric.js";

// Slack shows at most 75 characters under a checkbox or radio option, so the modal carries its own short
// hints; the longer rubric descriptions are used where there is room (status, home).

/** A short line under each option that needs one; at most 75 characters each. */
export const OPTION_HINTS: Readonly<Partial<Record<CriterionId | "siloed" | "manual_handoff", string>>> = {
  automated_builds: "A pipeline builds every change; nobody builds by hand.",
  app_unit_tests: "Unit tests run automatically on every build.",
  automated_app_releases: "Shipping a new app version needs no manual deployment steps.",
  basic_integration_tests: "The main paths through the app have automated integration tests.",
  automated_data_pipeline: "Training data is collected by a pipeline, not gathered by hand.",
  managed_compute: "Training runs on a shared cluster or cloud service, not on laptops.",
  automated_training: "A pipeline or scheduled job trains the model; nobody runs it by hand.",
  experiment_tracking: "Every training run logs its parameters and metrics to one shared place.",
  model_versioning: "Each model is stored with a version and the code that produced it.",
  model_release_tests: "Each model release passes automated tests before production.",
  ab_testing: "A new model is compared with the current one before it takes over.",
  data_traceability: "For any model in production you can find the data it was trained on.",
  managed_environments: "Environments are defined and managed, not configured by hand.",
  production_model_metrics: "Inputs, predictions and performance in production are recorded.",
  automated_retraining: "When metrics show a model degrading, retraining starts by itself.",
  zero_downtime_releases: "A new model replaces the old one without interrupting the service.",
  siloed: "Data scientists, data engineers and software engineers rarely talk.",
  ds_de_collaboration: "Software engineers still work separately.",
  cross_role_integration: "Together they agree on model inputs and outputs.",
  all_roles_collaboration: "Software engineers build metrics gathering into the application.",
  manual_handoff: "For example, a model file is passed on by hand after the experiments.",
  scoring_script_versioned: "The release itself is still a manual step.",
  tested_scoring_script: "The scoring script has automated tests; the release is still manual.",
  cicd_model_release: "A continuous delivery pipeline takes new models to production.",
};
