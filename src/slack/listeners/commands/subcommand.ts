import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { Deps } from "../../../deps.js";

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** One `/mlops <verb>`: the Bolt args, our deps, and the words after the verb. */
export interface SubcommandContext {
  readonly args: CommandArgs;
  readonly deps: Deps;
  readonly rest: string;
}

export interface Subcommand {
  /** How it is typed, e.g. "/mlops status [#channel]". */
  readonly usage: string;
  readonly summary: string;
  run(context: SubcommandContext): Promise<void>;
}

export function parseCommandText(text: string): { verb: string; rest: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return { verb: trimmed.toLowerCase(), rest: "" };
  return { verb: trimmed.slice(0, space).toLowerCase(), rest: trimmed.slice(space).trim() };
}
