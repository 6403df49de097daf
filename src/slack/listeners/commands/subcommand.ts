import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { Deps } from "../../../deps.js";
import type { UploadQueue } from "../../upload-queue.js";
import type { UsageLine } from "../../views/help.js";

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** One `/mlops <verb>`: the Bolt args, our deps, the words after the verb, and every verb's usage. */
export interface SubcommandContext {
  readonly args: CommandArgs;
  readonly deps: Deps;
  readonly rest: string;
  readonly usage: readonly UsageLine[];
  /** The bot's uploads, queued per workspace (exports). */
  readonly uploads: UploadQueue;
}

export interface Subcommand {
  /** How it is typed, e.g. "/mlops status [#channel]". */
  readonly usage: string;
  readonly summary: string;
  run(context: SubcommandContext): Promise<void>;
}
