// What `/mlops export` says: on its way, refused, and the comment on the file itself.
import type { Refusal } from "../../services/directory.js";
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
