import type { ViewStateSelectedOption, ViewStateValue } from "@slack/bolt";
import type { FakeSlack } from "../../src/fake-slack/server.js";
import type { CheckinForm } from "../../src/services/checkin.js";
import { sealSetupMetadata } from "../../src/slack/forms/setup-form.js";
import { checkinModal } from "../../src/slack/views/checkin-modal.js";
import { setupModal } from "../../src/slack/views/setup-modal.js";
import type { StateValues } from "./payloads.js";
import { TEST_SIGNING_SECRET } from "./signing.js";

// Builds view_submission state the way Slack does: from the view the bot actually opened, choosing
// only options that view offers (so a test fails if the modal stops offering an answer).

export interface OptionJson {
  text: { type: string; text: string };
  value: string;
  description?: { type: string; text: string };
}

export interface ElementJson {
  type: string;
  action_id: string;
  options?: OptionJson[];
  initial_option?: OptionJson;
  initial_options?: OptionJson[];
  initial_value?: string;
  initial_users?: string[];
  initial_time?: string;
  max_length?: number;
}

export interface BlockJson {
  type: string;
  block_id?: string;
  optional?: boolean;
  label?: { text: string };
  text?: { type: string; text: string };
  element?: ElementJson;
  elements?: unknown[];
  accessory?: { type: string; action_id?: string; value?: string; text?: { text: string } };
}

export interface ViewJson {
  type: string;
  callback_id?: string;
  private_metadata?: string;
  title?: { text: string };
  submit?: { text: string };
  close?: { text: string };
  blocks: BlockJson[];
}

/** A view as Slack receives it, as JSON, read with the shape tests look at. */
export function asViewJson(view: object): ViewJson {
  return JSON.parse(JSON.stringify(view)) as ViewJson;
}

/** The check-in modal of team 7 "Platform" for the round of 23 Nov, nothing answered before. */
export function checkinModalJson(overrides: Partial<CheckinForm> = {}): ViewJson {
  return asViewJson(
    checkinModal({
      team: { id: 7, name: "Platform" },
      period: "2026-11-23",
      previous: null,
      role: null,
      origin: "channel",
      evidence: [],
      ...overrides,
    }),
  );
}

/** The setup modal for a new team in C1, as Alice (in Berlin) would open it in T0. */
export function newTeamSetupModalJson(): ViewJson {
  const metadata = sealSetupMetadata(TEST_SIGNING_SECRET, {
    channelId: "C1",
    mlTeamId: null,
    teamId: "T0",
    userId: "UALICE",
  });
  return asViewJson(
    setupModal(
      {
        channelId: "C1",
        mlTeamId: null,
        name: "ml-platform",
        respondents: ["UALICE"],
        cadence: "weekly",
        checkinDay: 1,
        checkinTime: "10:00",
        timeZone: "Europe/Berlin",
      },
      metadata,
    ),
  );
}

/** The view of the most recent views.open (or views.publish) call. */
export function lastView(slack: FakeSlack, method = "views.open"): ViewJson {
  const call = slack.callsTo(method).at(-1);
  if (!call) throw new Error(`the bot made no ${method} call`);
  return call.args.view as ViewJson;
}

export function inputBlock(view: ViewJson, blockId: string): BlockJson & { element: ElementJson } {
  const block = view.blocks.find((b) => b.type === "input" && b.block_id === blockId);
  if (!block?.element) throw new Error(`the view has no input block ${blockId}`);
  return block as BlockJson & { element: ElementJson };
}

export interface CheckinAnswer {
  people: string;
  release: string;
  checked: readonly string[];
  role?: string;
  note?: string;
  /** Practices chosen as not applicable, and the reason given. */
  notApplicable?: readonly string[];
  naReason?: string;
}

/** The state Slack would send after choosing `answer` in this check-in modal. */
export function checkinValues(view: ViewJson, answer: CheckinAnswer): StateValues {
  const values: StateValues = {};
  const unused = new Set(answer.checked);
  for (const block of view.blocks) {
    if (block.type !== "input" || !block.element || !block.block_id) continue;
    const { element } = block;
    const id = block.block_id;
    let state: ViewStateValue;
    if (id === "ladder:people" || id === "ladder:release") {
      state = {
        type: element.type,
        selected_option: offered(element, id === "ladder:people" ? answer.people : answer.release),
      };
    } else if (id.startsWith("criteria:")) {
      const chosen = (element.options ?? []).filter((o) => answer.checked.includes(o.value));
      for (const o of chosen) unused.delete(o.value);
      state = { type: element.type, selected_options: chosen.map(selectedOption) };
    } else if (id === "role") {
      state = { type: element.type, selected_option: answer.role ? offered(element, answer.role) : null };
    } else if (id === "note") {
      state = { type: element.type, value: answer.note ?? null };
    } else if (id === "checkin:not_applicable") {
      const wanted = answer.notApplicable ?? [];
      const chosen = (element.options ?? []).filter((o) => wanted.includes(o.value));
      if (chosen.length !== wanted.length)
        throw new Error(`the modal does not offer ${wanted.join(", ")} as not applicable`);
      state = { type: element.type, selected_options: chosen.map(selectedOption) };
    } else if (id === "checkin:na_reason") {
      state = { type: element.type, value: answer.naReason ?? null };
    } else {
      continue;
    }
    values[id] = { [element.action_id]: state };
  }
  if (unused.size > 0) throw new Error(`the modal offers no checkbox for ${[...unused].join(", ")}`);
  return values;
}

/** What the modal has pre-filled, read back as an answer. */
export function prefilled(view: ViewJson): CheckinAnswer {
  const initial = (id: string) => inputBlock(view, id).element.initial_option?.value ?? "";
  return {
    people: initial("ladder:people"),
    release: initial("ladder:release"),
    checked: view.blocks
      .filter((b) => b.block_id?.startsWith("criteria:"))
      .flatMap((b) => (b.element?.initial_options ?? []).map((o) => o.value)),
    role: inputBlock(view, "role").element.initial_option?.value,
    note: inputBlock(view, "note").element.initial_value,
  };
}

function offered(element: ElementJson, value: string): ViewStateSelectedOption {
  const option = (element.options ?? []).find((o) => o.value === value);
  if (!option) throw new Error(`the modal does not offer ${value}`);
  return selectedOption(option);
}

/** How Slack reports a chosen option in view.state: its plain text and value. */
function selectedOption(option: OptionJson): ViewStateSelectedOption {
  return { text: { type: "plain_text", text: option.text.text }, value: option.value };
}

export interface SetupAnswer {
  name: string;
  respondents: readonly string[];
  cadence?: string;
  day?: string;
  time?: string;
  timeZone?: string;
}

/** The state of the setup modal: fields left out keep what the modal pre-filled. */
export function setupValues(view: ViewJson, answer: SetupAnswer): StateValues {
  const el = (id: string) => inputBlock(view, id).element;
  const select = (id: string, value: string | undefined) => ({
    type: "static_select",
    selected_option: offered(el(id), value ?? el(id).initial_option?.value ?? ""),
  });
  return {
    "setup:name": { value: { type: "plain_text_input", value: answer.name } },
    "setup:respondents": { value: { type: "multi_users_select", selected_users: [...answer.respondents] } },
    "setup:cadence": { value: select("setup:cadence", answer.cadence) },
    "setup:day": { value: select("setup:day", answer.day) },
    "setup:time": {
      value: { type: "timepicker", selected_time: answer.time ?? el("setup:time").initial_time ?? null },
    },
    "setup:time_zone": {
      value: {
        type: "plain_text_input",
        value: answer.timeZone ?? el("setup:time_zone").initial_value ?? null,
      },
    },
  };
}
