import type { UploadQueue } from "../upload-queue.js";
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

/** Every listener of the bot, dispatched from its last middleware (ListenerTable.dispatcher). */
export function botListeners(uploads: UploadQueue): ListenerTable {
  const table = new ListenerTable();
  registerMlopsCommand(table, uploads);
  registerAppUninstalled(table);
  registerOpenCheckin(table);
  registerNothingChanged(table);
  registerSnoozeNudge(table);
  registerTeamsPage(table);
  registerHomeGroupFilter(table);
  registerSetupSubmitted(table);
  registerCheckinSubmitted(table);
  registerAppHomeOpened(table);
  return table;
}
