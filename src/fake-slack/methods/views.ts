import { viewProblems } from "../block-kit.js";
import type { FakeView, FakeWorkspace } from "../state.js";
import type { MethodHandler, MethodTable, RecordedCall } from "./types.js";

type Placement = (call: RecordedCall, workspace: FakeWorkspace, view: FakeView) => string | undefined;

// Slack refuses a view it will not show with invalid_arguments and the problems in response_metadata; one it
// takes lands on someone's screen: a new modal stack, the top of one, in place of a view, or the Home tab.
function shown(place: Placement): MethodHandler {
  return (call, workspace) => {
    const { args } = call;
    const problems = viewProblems(args.view);
    if (problems.length > 0) {
      return {
        ok: false,
        error: "invalid_arguments",
        response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
      };
    }
    const view: FakeView = { id: workspace.nextViewId(), user: undefined, view: args.view as never };
    const error = place(call, workspace, view);
    if (error) return { ok: false, error };
    return { ok: true, view: { id: view.id, ...view.view, state: { values: {} } } };
  };
}

// Each takes a trigger the fake handed out, once and within 3 s, as Slack does: a made-up, used or late one is
// refused (invalid_trigger_id, exchanged_trigger_id, expired_trigger_id) and no modal opens.
const open: Placement = ({ args }, workspace, view) => {
  const exchanged = workspace.exchangeTrigger(args.trigger_id);
  if ("error" in exchanged) return exchanged.error;
  view.user = exchanged.user;
  workspace.modals.set(view.user, [view]);
  return undefined;
};

const push: Placement = ({ args }, workspace, view) => {
  const exchanged = workspace.exchangeTrigger(args.trigger_id);
  if ("error" in exchanged) return exchanged.error;
  view.user = exchanged.user;
  workspace.modals.set(view.user, [...(workspace.modals.get(view.user) ?? []), view]);
  return undefined;
};

// A view_id the fake handed out and no longer holds is not_found; one it never could have (a test's) is taken.
const update: Placement = ({ args }, workspace, view) => {
  const existing = workspace.findView(args.view_id);
  if (!existing)
    return typeof args.view_id === "string" && /^V\d+$/.test(args.view_id) ? "not_found" : undefined;
  view.id = existing.id;
  view.user = existing.user;
  existing.view = view.view;
  return undefined;
};

const publish: Placement = ({ args }, workspace, view) => {
  const user = String(args.user_id ?? "");
  if (!/^[UW][A-Z0-9]+$/.test(user)) return "invalid_arguments";
  view.user = user;
  view.id = workspace.homes.get(user)?.id ?? view.id;
  workspace.homes.set(user, view);
  return undefined;
};

export const viewsMethods: MethodTable = {
  "views.open": shown(open),
  "views.update": shown(update),
  "views.push": shown(push),
  "views.publish": shown(publish),
};
