import { saveTeamSetup } from "../../../services/team-setup.js";
import { slackDirectory } from "../../api/directory.js";
import { tellPerson } from "../../api/tell-person.js";
import { workspaceOf } from "../../forms/payload.js";
import { openSetupMetadata, parseSetupState } from "../../forms/setup-form.js";
import { SETUP_BLOCKS, SETUP_CALLBACK } from "../../ids.js";
import { SETUP_REFUSED_FIELD, setupConfirmation } from "../../views/replies.js";
import type { ListenerTable } from "../table.js";

const OUT_OF_DATE =
  "This channel's team changed while the form was open. Close it and run /mlops setup again to see the latest.";
const UNSEALED =
  "This form can no longer be saved: it is out of date, or was changed on its way back. Nothing was changed: run /mlops setup in the team's channel again.";
const NOT_THIS_FORM =
  "This form was not opened by you in this workspace, so it cannot be saved here. Nothing was changed: run /mlops setup in the team's channel.";

export function registerSetupSubmitted(app: ListenerTable): void {
  app.view(SETUP_CALLBACK, async ({ ack, body, view, client }, deps) => {
    const fail = (message: string) =>
      ack({ response_action: "errors", errors: { [SETUP_BLOCKS.name]: message } });
    const workspace = workspaceOf(body);
    const metadata = openSetupMetadata(deps.config.slack.signingSecret, view.private_metadata);
    if (!workspace || !metadata) {
      deps.logger.warn(
        { userId: body.user.id },
        "setup form without the bot's seal on its metadata: refused",
      );
      return fail(UNSEALED);
    }
    // The form acts on the channel and workspace it was opened for, and only for whoever opened it.
    if (metadata.teamId !== workspace.teamId || metadata.userId !== body.user.id) {
      deps.logger.warn(
        {
          teamId: workspace.teamId,
          userId: body.user.id,
          formTeamId: metadata.teamId,
          formUserId: metadata.userId,
        },
        "setup form submitted from another workspace or by someone else: refused",
      );
      return fail(NOT_THIS_FORM);
    }
    const form = parseSetupState(view.state.values);
    if (!form.ok) return ack({ response_action: "errors", errors: form.errors });
    const outcome = await saveTeamSetup(deps, slackDirectory(client), {
      workspace,
      channelId: metadata.channelId,
      userId: body.user.id,
      mlTeamId: metadata.mlTeamId,
      submission: form.value,
    });
    if (outcome.kind === "out-of-date") return fail(OUT_OF_DATE);
    if (outcome.kind === "refused") return fail(SETUP_REFUSED_FIELD);
    // Saved as it was: the modal closes, and no message says something changed.
    if (outcome.kind === "unchanged") return ack();
    await ack();
    await tellPerson(client, { channel: metadata.channelId, user: body.user.id }, setupConfirmation(outcome));
  });
}
