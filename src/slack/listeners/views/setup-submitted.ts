import type { App } from "@slack/bolt";
import type { Deps } from "../../../deps.js";
import { saveTeamSetup } from "../../../services/team-setup.js";
import { slackDirectory } from "../../api/directory.js";
import { tellPerson } from "../../api/tell-person.js";
import { workspaceOf } from "../../forms/payload.js";
import { parseSetupMetadata, parseSetupState } from "../../forms/setup-form.js";
import { SETUP_BLOCKS, SETUP_CALLBACK } from "../../ids.js";
import { SETUP_REFUSED_FIELD, setupConfirmation } from "../../views/replies.js";

const OUT_OF_DATE =
  "This channel's team changed while the form was open. Close it and run /mlops setup again to see the latest.";

export function registerSetupSubmitted(app: App, deps: Deps): void {
  app.view(SETUP_CALLBACK, async ({ ack, body, view, client }) => {
    const fail = (message: string) =>
      ack({ response_action: "errors", errors: { [SETUP_BLOCKS.name]: message } });
    const workspace = workspaceOf(body);
    const metadata = parseSetupMetadata(view.private_metadata);
    if (!workspace || !metadata) return fail(OUT_OF_DATE);
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
    await ack();
    await tellPerson(client, { channel: metadata.channelId, user: body.user.id }, setupConfirmation(outcome));
  });
}
