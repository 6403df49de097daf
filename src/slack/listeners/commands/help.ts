import { helpMessage } from "../../views/help.js";
import type { Subcommand } from "./subcommand.js";
import { subcommands } from "./subcommands.js";

export const help: Subcommand = {
  usage: "/mlops help",
  summary: "show this message",
  run: async ({ args }) => {
    await args.ack(helpMessage(usageLines()));
  },
};

export function usageLines() {
  return Object.values(subcommands()).map(({ usage, summary }) => ({ usage, summary }));
}
