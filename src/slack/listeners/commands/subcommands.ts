import { help } from "./help.js";
import type { Subcommand } from "./subcommand.js";

/** Every `/mlops` verb, in the order `/mlops help` lists them. */
export function subcommands(): Record<string, Subcommand> {
  return {
    help,
  };
}
