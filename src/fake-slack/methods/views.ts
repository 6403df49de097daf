import { viewProblems } from "../block-kit.js";
import type { MethodHandler, MethodTable } from "./types.js";

// Slack refuses a view it will not show with invalid_arguments and the problems in response_metadata.
const shown: MethodHandler = ({ args }, workspace) => {
  const problems = viewProblems(args.view);
  if (problems.length > 0) {
    return {
      ok: false,
      error: "invalid_arguments",
      response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
    };
  }
  return { ok: true, view: { id: workspace.nextViewId(), ...(args.view as object) } };
};

export const viewsMethods: MethodTable = {
  "views.open": shown,
  "views.update": shown,
  "views.push": shown,
  "views.publish": shown,
};
