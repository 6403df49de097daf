// What `/mlops export` says: on its way, refused, and the comment on the file itself.
import type { Refusal } from "../../services/directory.js";
import type { Admission } from "../upload-queue.js";
import type { EphemeralMessage } from "./help.js";
import { ephemeral } from "./replies.js";
import { teamName } from "./status.js";

export const EXPORT_USAGE = "/mlops export [#channel | all]";

export function exportStarted(what: string): EphemeralMessage {
  return ephemeral(
    `:inbox_tray: Preparing the answers of ${teamName(what)} as a CSV file; it arrives in a direct message from me in a moment.`,
  );
}

/** A second export asked for while the person's first is still being built or uploaded. */
export const EXPORT_STILL_PREPARING: EphemeralMessage = ephemeral(
  ":hourglass: Your export is still being prepared; it will arrive in a direct message.",
);

/** The answer to `/mlops export` once its file is ready: on its way, queued, or why not. */
export function exportAdmitted(what: string, admission: Admission): EphemeralMessage {
  switch (admission.kind) {
    case "started":
      return exportStarted(what);
    case "queued":
      return exportQueued(what, admission.ahead);
    case "already":
      return EXPORT_STILL_PREPARING;
    case "full":
      return exportQueueFull(admission.limit);
    case "stopping":
      return EXPORT_NOT_STARTED_STOPPING;
  }
}

/** The workspace's uploads are busy or being paced by Slack: this one waits its turn. */
function exportQueued(what: string, ahead: number): EphemeralMessage {
  const others = ahead === 1 ? "1 other export" : `${ahead} other exports`;
  return ephemeral(
    `:hourglass: Your export of the answers of ${teamName(what)} is queued behind ${others} in this workspace (Slack paces uploads). It arrives in a direct message from me when its turn comes; there is nothing more to do.`,
  );
}

function exportQueueFull(limit: number): EphemeralMessage {
  return ephemeral(
    `:no_entry: Too many exports are waiting in this workspace right now (${limit}), so yours was not queued. Please run \`/mlops export\` again in a few minutes.`,
  );
}

export const EXPORT_NOT_STARTED_STOPPING: EphemeralMessage = ephemeral(
  ":hourglass: The MLOps bot is restarting, so your export was not started. Please run `/mlops export` again in a minute.",
);

/** A queued export that will not run: the bot stopped before its turn, or Slack kept refusing uploads. */
export function exportHandedBack(what: string, reason: "stopping" | "rate_limited"): string {
  const why =
    reason === "stopping"
      ? "the bot restarted before it could be uploaded"
      : "Slack kept refusing uploads from this workspace";
  return `:warning: Your export of the answers of ${teamName(what)} did not run: ${why}. Nothing was sent; please run \`/mlops export\` again${reason === "stopping" ? " in a minute" : " later"}.`;
}

export function exportComment(what: string): string {
  return `Here are the answers of ${teamName(what)}: one row per respondent per round, the format \`npm run mlops -- import\` reads back.`;
}

export function exportRefused(what: string, createdBy: string | null, refusal: Refusal): EphemeralMessage {
  if (refusal.kind === "unverified") {
    return ephemeral(
      `:warning: I could not check with Slack whether you are a workspace admin (${refusal.error}), so nothing was exported. Please try again in a minute.`,
    );
  }
  if (createdBy === null) {
    return ephemeral(
      ":no_entry: Only workspace admins and owners can export every team. Ask one of them, or run `/mlops export` in your own team's channel.",
    );
  }
  return ephemeral(
    `:no_entry: The answers of ${teamName(what)} are for its respondents, <@${createdBy}> who set it up, and workspace admins. Ask one of them for the export.`,
  );
}
