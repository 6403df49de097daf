import type { App } from "@slack/bolt";
import type { Deps } from "../../deps.js";
import { registerMlopsCommand } from "./commands/mlops.js";
import { registerAppUninstalled } from "./events/app-uninstalled.js";

export function registerListeners(app: App, deps: Deps): void {
  registerMlopsCommand(app, deps);
  registerAppUninstalled(app, deps);
}
