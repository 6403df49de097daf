import type { Deps } from "../../deps.js";
import { registerHomeGroupFilter } from "./actions/home-group-filter.js";
import { registerNothingChanged } from "./actions/nothing-changed.js";
import { registerOpenCheckin } from "./actions/open-checkin.js";
import { registerSnoozeNudge } from "./actions/snooze-nudge.js";
import { registerTeamsPage } from "./actions/teams-page.js";
import { registerMlopsCommand } from "./commands/mlops.js";
import { registerAppHomeOpened } from "./events/app-home-opened.js";
import { registerAppUninstalled } from "./events/app-uninstalled.js";
import { ListenerTable } from "./table.js";
import { registerCheckinSubmitted } from "./views/checkin-submitted.js";
import { registerSetupSubmitted } from "./views/setup-submitted.js";

/** Every listener of the bot, ready to register with the app (ListenerTable.registerWith). */
export function botListeners(deps: Deps): ListenerTable {
  const table = new ListenerTable();
  registerMlopsCommand(table, deps);
  registerAppUninstalled(table, deps);
  registerOpenCheckin(table, deps);
  registerNothingChanged(table, deps);
  registerSnoozeNudge(table, deps);
  registerTeamsPage(table, deps);
  registerHomeGroupFilter(table, deps);
  registerSetupSubmitted(table, deps);
  registerCheckinSubmitted(table, deps);
  registerAppHomeOpened(table, deps);
  return table;
}
