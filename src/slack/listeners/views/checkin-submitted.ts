import { submitCheckin } from "../../../services/checkin.js";
import { slackDirectory } from "../../api/directory.js";
import { tellPerson } from "../../api/tell-person.js";
import { openedForRound, parseCheckinMetadata, parseCheckinState } from "../../forms/checkin-form.js";
import { workspaceOf } from "../../forms/payload.js";
import { metadataSeal } from "../../forms/sealed-metadata.js";
import { CHECKIN_CALLBACK, ladderBlockId } from "../../ids.js";
import { CHECKIN_REFUSED_FIELD, checkinConfirmation } from "../../views/replies.js";
import { publishHome } from "../publish-home.js";
import type { ListenerTable } from "../table.js";

// Missing or unreadable private_metadata: a form from an older bot, or one that lost it on its way back.
const OUT_OF_DATE =
  "This form is out of date, so nothing was saved. Close it and open the check-in again (/mlops checkin in the team's channel).";
const TEAM_GONE =
  "I couldn't find this ML team any more. Close this form and run /mlops teams to see the teams of this workspace.";

export function registerCheckinSubmitted(app: ListenerTable): void {
  app.view(CHECKIN_CALLBACK, async ({ ack, body, view, client }, deps) => {
    const refuse = (text: string) =>
      ack({ response_action: "errors", errors: { [ladderBlockId("people")]: text } });
    const teamGone = () => refuse(TEAM_GONE);
    const workspace = workspaceOf(body);
    const metadata = parseCheckinMetadata(view.private_metadata);
    if (!metadata) return refuse(OUT_OF_DATE);
    if (!workspace) return teamGone();
    const form = parseCheckinState(view.state.values);
    if (!form.ok) return ack({ response_action: "errors", errors: form.errors });
    // The team must belong to the workspace submitting, whatever private_metadata says.
    const outcome = await submitCheckin(deps, slackDirectory(client), {
      teamId: workspace.teamId,
      userId: body.user.id,
      mlTeamId: metadata.mlTeamId,
      openedFor: openedForRound(metadata, metadataSeal(deps.config.slack.signingSecret)),
      answer: form.value,
    });
    if (outcome.kind === "team-gone") return teamGone();
    if (outcome.kind === "refused") return refuse(CHECKIN_REFUSED_FIELD);
    await ack();
    const { team, landed } = outcome;
    await tellPerson(
      client,
      { channel: team.channelId, user: body.user.id },
      checkinConfirmation(team.name, outcome, landed),
    );
    if (metadata.origin === "home") await publishHome(client, deps, team.teamId, body.user.id);
  });
}
