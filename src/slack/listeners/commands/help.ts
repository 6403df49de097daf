import { helpMessage } from "../../views/help.js";
import type { Subcommand } from "./subcommand.js";

export const help: Subcommand = {
  usage: "/mlops help",
  summary: "show this message",
  run: async ({ args, usage }) => {
    await args.ack(helpMessage(usage));
  },
};
