import type { InputBlock, ModalView, PlainTextOption } from "@slack/types";
import type { Cadence } from "../../domain/calendar.js";
import { type SetupForm, TEAM_NAME_MAX_LENGTH } from "../../services/team-setup.js";
import { SETUP_BLOCKS, SETUP_CALLBACK, SETUP_FIELD_ACTION } from "../ids.js";
import { truncate } from "./mrkdwn.js";
import { WEEKDAYS } from "./phrases.js";

export const CADENCE_LABELS: Readonly<Record<Cadence, string>> = {
  weekly: "Weekly",
  biweekly: "Every two weeks",
  monthly: "Monthly",
};

/** `privateMetadata`: the sealed SetupMetadata (forms/setup-form.ts). */
export function setupModal(input: SetupForm, privateMetadata: string): ModalView {
  const editing = input.mlTeamId !== null;
  return {
    type: "modal",
    callback_id: SETUP_CALLBACK,
    private_metadata: privateMetadata,
    title: { type: "plain_text", text: editing ? "Edit ML team" : "Set up ML team" },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        block_id: SETUP_BLOCKS.intro,
        text: {
          type: "mrkdwn",
          text: `${editing ? "Change the settings of the ML team that works in" : "Register the ML team that works in"} <#${input.channelId}>. Its respondents get a short check-in about their MLOps practices on this schedule, and \`/mlops status\` shows the team's maturity level.`,
        },
      },
      textInput(SETUP_BLOCKS.name, "Team name", truncate(input.name, TEAM_NAME_MAX_LENGTH), {
        max_length: TEAM_NAME_MAX_LENGTH,
      }),
      respondentsInput(input.respondents),
      select(SETUP_BLOCKS.cadence, "How often to check in", cadenceOptions(), input.cadence),
      select(SETUP_BLOCKS.day, "Check-in day", dayOptions(), String(input.checkinDay)),
      {
        type: "input",
        block_id: SETUP_BLOCKS.time,
        label: { type: "plain_text", text: "Check-in time" },
        element: { type: "timepicker", action_id: SETUP_FIELD_ACTION, initial_time: input.checkinTime },
      },
      textInput(SETUP_BLOCKS.timeZone, "Time zone", input.timeZone, {
        hint: "An IANA time zone name, such as Europe/Berlin, America/New_York or Asia/Tokyo.",
        max_length: 64,
      }),
    ],
  };
}

function respondentsInput(respondents: readonly string[]): InputBlock {
  return {
    type: "input",
    block_id: SETUP_BLOCKS.respondents,
    label: { type: "plain_text", text: "Who answers the check-in?" },
    hint: {
      type: "plain_text",
      text: "Anyone else in the team can still answer; they are added here when they do.",
    },
    element: {
      type: "multi_users_select",
      action_id: SETUP_FIELD_ACTION,
      placeholder: { type: "plain_text", text: "Choose people" },
      ...(respondents.length > 0 ? { initial_users: [...respondents] } : {}),
    },
  };
}

function textInput(
  blockId: string,
  label: string,
  initial: string,
  options: { hint?: string; max_length: number },
): InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: { type: "plain_text", text: label },
    ...(options.hint ? { hint: { type: "plain_text" as const, text: options.hint } } : {}),
    element: {
      type: "plain_text_input",
      action_id: SETUP_FIELD_ACTION,
      max_length: options.max_length,
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

function select(blockId: string, label: string, options: PlainTextOption[], initial: string): InputBlock {
  const initialOption = options.find((o) => o.value === initial);
  return {
    type: "input",
    block_id: blockId,
    label: { type: "plain_text", text: label },
    element: {
      type: "static_select",
      action_id: SETUP_FIELD_ACTION,
      options,
      ...(initialOption ? { initial_option: initialOption } : {}),
    },
  };
}

function cadenceOptions(): PlainTextOption[] {
  return Object.entries(CADENCE_LABELS).map(([value, text]) => ({
    text: { type: "plain_text", text },
    value,
  }));
}

function dayOptions(): PlainTextOption[] {
  return Object.entries(WEEKDAYS).map(([value, text]) => ({ text: { type: "plain_text", text }, value }));
}
