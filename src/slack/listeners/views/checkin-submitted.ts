import type { App } from "@slack/bolt";
import { recordCheckin } from "../../../checkins.js";
import { findTeamById } from "../../../db/teams.js";
import type { Deps } from "../../../deps.js";
import { CHECKIN_CALLBACK, ladderBlockId } from "../../ids.js";
import { publishHome } from "../../publish-home.js";
import { tellPerson } from "../../tell-person.js";
import { parseCheckinMetadata, parseCheckinState } from "../../views/checkin-form.js";
import { checkinConfirmation } from "../../views/replies.js";
import { workspaceOf } from "../../workspace.js";

const TEAM_GONE =
  "I couldn't find this ML team any more. Close this form and run /mlops teams to see the teams of this workspace.";

export function registerCheckinSubmitted(app: App, deps: Deps): void {
  app.view(CHECKIN_CALLBACK, async ({ ack, body, view, client }) => {
    const workspace = workspaceOf(body);
    const metadata = parseCheckinMetadata(view.private_metadata);
    // The team must belong to the workspace submitting, whatever private_metadata says.
    const team = workspace && metadata && (await findTeamById(deps.db, workspace.teamId, metadata.mlTeamId));
    if (!team) return ack({ response_action: "errors", errors: { [ladderBlockId("people")]: TEAM_GONE } });
    const form = parseCheckinState(view.state.values);
    if (!form.ok) return ack({ response_action: "errors", errors: form.errors });
    const result = await recordCheckin(deps.db, team, body.user.id, form.value, deps.clock());
    await ack();
    await tellPerson(
      client,
      { channel: team.channel_id, user: body.user.id },
      checkinConfirmation(team.name, result),
    );
    if (metadata?.origin === "home") await publishHome(client, deps, team.team_id, body.user.id);
  });
}
