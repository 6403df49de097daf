import type { App } from "@slack/bolt";
import { findTeamByChannel, scheduleOf } from "../../../db/teams.js";
import type { Deps } from "../../../deps.js";
import { saveSetup } from "../../../team-setup.js";
import { SETUP_BLOCKS, SETUP_CALLBACK } from "../../ids.js";
import { tellPerson } from "../../tell-person.js";
import { mayEditTeam } from "../../users.js";
import { SETUP_REFUSED_FIELD, setupConfirmation } from "../../views/replies.js";
import { parseSetupMetadata, parseSetupState } from "../../views/setup-form.js";
import { workspaceOf } from "../../workspace.js";

const OUT_OF_DATE =
  "This channel's team changed while the form was open. Close it and run /mlops setup again to see the latest.";

export function registerSetupSubmitted(app: App, deps: Deps): void {
  app.view(SETUP_CALLBACK, async ({ ack, body, view, client }) => {
    const fail = (errors: Record<string, string>) => ack({ response_action: "errors", errors });
    const workspace = workspaceOf(body);
    const metadata = parseSetupMetadata(view.private_metadata);
    if (!workspace || !metadata) return fail({ [SETUP_BLOCKS.name]: OUT_OF_DATE });
    const form = parseSetupState(view.state.values);
    if (!form.ok) return fail(form.errors);
    // Checked again here: the modal's private_metadata and state can be forged.
    const existing = await findTeamByChannel(deps.db, workspace.teamId, metadata.channelId);
    if ((existing?.id ?? null) !== metadata.mlTeamId) return fail({ [SETUP_BLOCKS.name]: OUT_OF_DATE });
    if (existing && !(await mayEditTeam(client, existing, body.user.id))) {
      return fail({ [SETUP_BLOCKS.name]: SETUP_REFUSED_FIELD });
    }
    const request = {
      ...workspace,
      channelId: metadata.channelId,
      userId: body.user.id,
      existing,
      submission: form.value,
    };
    const outcome = await saveSetup(deps.db, request, deps.clock());
    if (outcome.kind === "taken") return fail({ [SETUP_BLOCKS.name]: OUT_OF_DATE });
    await ack();
    const text = setupConfirmation({
      name: outcome.team.name,
      schedule: scheduleOf(outcome.team),
      respondents: form.value.respondents.length,
      created: outcome.created,
    });
    await tellPerson(client, { channel: metadata.channelId, user: body.user.id }, text);
  });
}
