// At most one run of a subcommand per person at a time, in this process: a second `/mlops export` while the
// first is still being built and uploaded is answered at once instead of building it again (issue 22: 2,000
// exports made 6,000 Web API calls). Keyed by the bot's upload queue (one per bot; each request has deps of its
// own), not a module-level set, so bots never share it.
import type { UploadQueue } from "../../upload-queue.js";
import type { EphemeralMessage } from "../../views/help.js";
import type { Subcommand } from "./subcommand.js";

const runningByBot = new WeakMap<UploadQueue, Set<string>>();

export function onePerPerson(stillRunning: EphemeralMessage, subcommand: Subcommand): Subcommand {
  return {
    ...subcommand,
    run: async (context) => {
      const { command } = context.args;
      const running = runningByBot.get(context.uploads) ?? new Set<string>();
      runningByBot.set(context.uploads, running);
      const person = `${command.team_id}:${command.user_id}`;
      if (running.has(person)) return context.args.ack(stillRunning);
      running.add(person);
      try {
        await subcommand.run(context);
      } finally {
        running.delete(person);
      }
    },
  };
}
