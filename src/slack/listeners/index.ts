import type { App } from "@slack/bolt";
import type { Deps } from "../../deps.js";
import type { Handled } from "../forms/request-shape.js";
import {
  CHECKIN_CALLBACK,
  HOME_GROUP_FILTER_ACTION,
  NOTHING_CHANGED_ACTION,
  OPEN_CHECKIN_ACTION,
  SETUP_CALLBACK,
  SNOOZE_NUDGE_ACTION,
  TEAMS_MORE_ACTION,
} from "../ids.js";
import type { UploadQueue } from "../upload-queue.js";
import { registerHomeGroupFilter } from "./actions/home-group-filter.js";
import { registerNothingChanged } from "./actions/nothing-changed.js";
import { registerOpenCheckin } from "./actions/open-checkin.js";
import { registerSnoozeNudge } from "./actions/snooze-nudge.js";
import { registerTeamsPage } from "./actions/teams-page.js";
import { MLOPS_COMMAND, registerMlopsCommand } from "./commands/mlops.js";
import { registerAppHomeOpened } from "./events/app-home-opened.js";
import { registerAppUninstalled } from "./events/app-uninstalled.js";
import { registerCheckinSubmitted } from "./views/checkin-submitted.js";
import { registerSetupSubmitted } from "./views/setup-submitted.js";

export function registerListeners(app: App, deps: Deps, uploads: UploadQueue): void {
  registerMlopsCommand(app, deps, uploads);
  registerAppUninstalled(app, deps);
  registerOpenCheckin(app, deps);
  registerNothingChanged(app, deps);
  registerSnoozeNudge(app, deps);
  registerTeamsPage(app, deps);
  registerHomeGroupFilter(app, deps);
  registerSetupSubmitted(app, deps);
  registerCheckinSubmitted(app, deps);
  registerAppHomeOpened(app, deps);
}

/** What the listeners above answer: the request gate acknowledges anything else before Bolt waits for it. */
export const HANDLED: Handled = {
  commands: new Set([MLOPS_COMMAND]),
  actions: new Set([
    OPEN_CHECKIN_ACTION,
    NOTHING_CHANGED_ACTION,
    SNOOZE_NUDGE_ACTION,
    TEAMS_MORE_ACTION,
    HOME_GROUP_FILTER_ACTION,
  ]),
  views: new Set([SETUP_CALLBACK, CHECKIN_CALLBACK]),
};
