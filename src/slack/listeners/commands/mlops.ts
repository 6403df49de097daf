import { parseCommandText, typedText } from "../../forms/command-text.js";
import type { UploadQueue } from "../../upload-queue.js";
import { helpMessage, incompleteRequestMessage, nulCharacterMessage } from "../../views/help.js";
import type { ListenerTable } from "../table.js";
import { subcommands, usageLines } from "./subcommands.js";

export const MLOPS_COMMAND = "/mlops";

export function registerMlopsCommand(app: ListenerTable, uploads: UploadQueue): void {
  const verbs = subcommands();
  const usage = usageLines();
  app.command(MLOPS_COMMAND, async (args, deps) => {
    // Every subcommand is scoped by these; a request without them is refused before anything is read or stored.
    const { team_id, user_id, channel_id } = args.command;
    if (!team_id || !user_id || !channel_id) return args.ack(incompleteRequestMessage());
    // Postgres cannot store a NUL: refused here, before any argument reaches a query.
    if (args.command.text?.includes("\u0000")) return args.ack(nulCharacterMessage());
    const { verb, rest } = parseCommandText(typedText(args.command.text ?? ""));
    if (verb === "") return args.ack(helpMessage(usage));
    const subcommand = verbs[verb];
    if (!subcommand) return args.ack(helpMessage(usage, verb));
    await subcommand.run({ args, deps, rest, usage, uploads });
  });
}
