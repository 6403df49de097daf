import type { MethodHandler, MethodTable } from "./types.js";

const shown: MethodHandler = ({ args }, workspace) => ({
  ok: true,
  view: { id: workspace.nextViewId(), ...(args.view as object) },
});

export const viewsMethods: MethodTable = {
  "views.open": shown,
  "views.update": shown,
  "views.push": shown,
  "views.publish": shown,
};
