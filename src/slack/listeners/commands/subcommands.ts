import type { UsageLine } from "../../views/help.js";
import { checkin } from "./checkin.js";
import { digest } from "./digest.js";
import { evidence } from "./evidence.js";
import { exportCommand } from "./export.js";
import { group } from "./group.js";
import { help } from "./help.js";
import { history } from "./history.js";
import { link, unlink } from "./link.js";
import { pause } from "./pause.js";
import { resume } from "./resume.js";
import { setup } from "./setup.js";
import { status } from "./status.js";
import type { Subcommand } from "./subcommand.js";
import { teams } from "./teams.js";

/** Every `/mlops` verb, in the order `/mlops help` lists them. */
export function subcommands(): Record<string, Subcommand> {
  return {
    status,
    history,
    checkin,
    setup,
    teams,
    group,
    export: exportCommand,
    pause,
    resume,
    digest,
    link,
    unlink,
    evidence,
    help,
  };
}

export function usageLines(): UsageLine[] {
  return Object.values(subcommands()).map(({ usage, summary }) => ({ usage, summary }));
}
