import type { App } from "@slack/bolt";
import type { Deps } from "../../../deps.js";
import { helpMessage, incompleteRequestMessage } from "../../views/help.js";
import { usageLines } from "./help.js";
import { parseCommandText } from "./subcommand.js";
import { subcommands } from "./subcommands.js";

export const MLOPS_COMMAND = "/mlops";

export function registerMlopsCommand(app: App, deps: Deps): void {
  app.command(MLOPS_COMMAND, async (args) => {
    // Every subcommand is scoped by these; a request without them is refused before anything is read or stored.
    const { team_id, user_id, channel_id } = args.command;
    if (!team_id || !user_id || !channel_id) return args.ack(incompleteRequestMessage());
    const { verb, rest } = parseCommandText(args.command.text ?? "");
    if (verb === "") return args.ack(helpMessage(usageLines()));
    const subcommand = subcommands()[verb];
    if (!subcommand) return args.ack(helpMessage(usageLines(), verb));
    await subcommand.run({ args, deps, rest });
  });
}
