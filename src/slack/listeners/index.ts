import type { App } from "@slack/bolt";
import type { Deps } from "../../deps.js";
import { registerOpenCheckin } from "./actions/open-checkin.js";
import { registerSnoozeNudge } from "./actions/snooze-nudge.js";
import { registerMlopsCommand } from "./commands/mlops.js";
import { registerAppHomeOpened } from "./events/app-home-opened.js";
import { registerAppUninstalled } from "./events/app-uninstalled.js";
import { registerCheckinSubmitted } from "./views/checkin-submitted.js";
import { registerSetupSubmitted } from "./views/setup-submitted.js";

export function registerListeners(app: App, deps: Deps): void {
  registerMlopsCommand(app, deps);
  registerAppUninstalled(app, deps);
  registerOpenCheckin(app, deps);
  registerSnoozeNudge(app, deps);
  registerSetupSubmitted(app, deps);
  registerCheckinSubmitted(app, deps);
  registerAppHomeOpened(app, deps);
}
