import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { CheckinChoices } from "../../domain/checkin.js";
import type { PracticeEvidence } from "../../domain/evidence.js";
import { NA_REASON_MAX_LENGTH } from "../../domain/not-applicable.js";
import { ROLE_LABELS, ROLES, type Role } from "../../domain/roles.js";
import {
  CHECKBOX_CRITERIA,
  type CriterionId,
  criterion,
  DIMENSIONS,
  type Dimension,
  dimensionLabel,
  LADDERS,
  type Ladder,
  shortName,
} from "../../domain/rubric.js";
import { type CheckinForm, NOTE_MAX_LENGTH } from "../../services/checkin.js";
import type { CheckinMetadata } from "../forms/checkin-form.js";
import type { MetadataSeal } from "../forms/sealed-metadata.js";
import {
  CHECKIN_CALLBACK,
  CHECKIN_FIELD_ACTION,
  CHECKIN_INTRO_BLOCK,
  CHECKIN_UNCHANGED_BLOCK,
  criteriaBlockId,
  evidenceBlockId,
  ladderBlockId,
  NA_REASON_BLOCK,
  NOT_APPLICABLE_BLOCK,
  NOTE_BLOCK,
  ROLE_BLOCK,
} from "../ids.js";
import { context, plain, section } from "./blocks.js";
import { nothingChangedButtonElement } from "./chat-message.js";
import { verdictLine } from "./evidence.js";
import { nameText } from "./mrkdwn.js";
import { plural, shortDate } from "./phrases.js";

const LADDER_OF_DIMENSION: Readonly<Partial<Record<Dimension, Ladder>>> = {
  people: LADDERS.people,
  model_release: LADDERS.release,
};

/** `seal`: the bot's seal, so that the round the modal names can be trusted when it comes back. */
export function checkinModal(input: CheckinForm, seal?: MetadataSeal): ModalView {
  const metadata: CheckinMetadata = {
    mlTeamId: input.team.id,
    origin: input.origin,
    ...(seal ? { round: seal.seal(`${input.team.id}:${input.period}`) } : {}),
  };
  return {
    type: "modal",
    callback_id: CHECKIN_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: "MLOps check-in" },
    submit: { type: "plain_text", text: "Save answers" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      intro(input),
      ...(offersUnchanged(input) ? [unchangedBlock(input.team.id)] : []),
      ...DIMENSIONS.flatMap((d) => [
        ...dimensionBlocks(d.id, input.previous?.choices ?? null, input.evidence),
        ...evidenceNotes(d.id, input.previous?.choices ?? null, input.evidence),
      ]),
      ...notApplicableBlocks(input.previous?.notApplicable ?? new Map()),
      { type: "divider" },
      roleBlock(input.role),
      noteBlock(input.previous?.sameRound ? input.previous.note : null),
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "Your answer counts for this round. The team's level is the majority view of everyone who answers, and a level counts only when every level below it is complete.",
          },
        ],
      },
    ],
  };
}

function intro({ team, period, previous, evidence }: CheckinForm): KnownBlock {
  const lead = `*${nameText(team.name, 150)}* · round of ${shortDate(period)}`;
  const added = tickedByEvidence(previous?.choices ?? null, evidence).length;
  // The boxes evidence ticks beyond the last answer are said, so that neither saving nor "Nothing changed"
  // does something other than what the form shows.
  const also = added > 0 ? `, and ${plural(added, "practice")} evidence supports ticked too` : "";
  const how = !previous
    ? `Tick what is true for how your team works *today*. It takes about two minutes.${added > 0 ? ` Evidence ticked ${plural(added, "practice")} already: untick what is not in place.` : ""}`
    : previous.sameRound
      ? `You already answered this round: your answers are filled in${also}, and saving replaces them.`
      : added > 0
        ? `Your last answers are filled in${also}: change whatever is different now. *Nothing changed* gives your last answers as they were, without those.`
        : "Your last answers are filled in: change whatever is different now, or click *Nothing changed* to give the same answers for this round.";
  return section(CHECKIN_INTRO_BLOCK, `${lead}\n${how}`);
}

/** The checkbox practices evidence supports that the last answer did not tick: the form ticks them. */
function tickedByEvidence(
  choices: CheckinChoices | null,
  evidence: readonly PracticeEvidence[],
): CriterionId[] {
  return evidence
    .filter((e) => e.verdict === "supports" && CHECKBOX_CRITERIA.includes(e.criterion))
    .map((e) => e.criterion)
    .filter((id) => choices?.checked.includes(id) !== true);
}

/** Pre-filled from an earlier round: the same answers can be given in one click. */
function offersUnchanged({ previous }: CheckinForm): boolean {
  return previous !== null && !previous.sameRound;
}

function unchangedBlock(mlTeamId: number): KnownBlock {
  return {
    type: "actions",
    block_id: CHECKIN_UNCHANGED_BLOCK,
    elements: [nothingChangedButtonElement(mlTeamId)],
  };
}

function dimensionBlocks(
  dimension: Dimension,
  choices: CheckinChoices | null,
  evidence: readonly PracticeEvidence[],
): InputBlock[] {
  const ladder = LADDER_OF_DIMENSION[dimension];
  const checkboxes = CHECKBOX_CRITERIA.filter((id) => criterion(id).dimension === dimension);
  const blocks: InputBlock[] = [];
  if (ladder) blocks.push(ladderBlock(ladder, choices?.ladders[ladder.id]));
  if (checkboxes.length > 0) {
    const checked = checkboxes.filter((id) => startsTicked(id, choices, evidence));
    blocks.push(checkboxBlock(dimension, checkboxes.map(criterionOption), checked.map(criterionOption)));
  }
  return blocks;
}

function ladderBlock(ladder: Ladder, chosen: string | undefined): InputBlock {
  const options = [
    option(ladder.none, ladder.noneLabel, ladder.noneHint),
    ...ladder.rungs.map((rung) => option(rung.id, rung.label, rung.hint)),
  ];
  const initial = options.find((o) => o.value === chosen);
  return {
    type: "input",
    block_id: ladderBlockId(ladder.id),
    label: { type: "plain_text", text: ladder.question },
    element: {
      type: "radio_buttons",
      action_id: CHECKIN_FIELD_ACTION,
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function checkboxBlock(
  dimension: Dimension,
  options: PlainTextOption[],
  initial: PlainTextOption[],
): InputBlock {
  return {
    type: "input",
    block_id: criteriaBlockId(dimension),
    optional: true,
    label: { type: "plain_text", text: `${dimensionLabel(dimension)}: which of these are in place?` },
    hint: { type: "plain_text", text: "Tick all that apply, or none." },
    element: {
      type: "checkboxes",
      action_id: CHECKIN_FIELD_ACTION,
      options,
      ...(initial.length > 0 ? { initial_options: initial } : {}),
    },
  };
}

/** Evidence that supports a practice ticks it; otherwise the last answer does. The person may untick it. */
function startsTicked(
  id: CriterionId,
  choices: CheckinChoices | null,
  evidence: readonly PracticeEvidence[],
): boolean {
  return (
    choices?.checked.includes(id) === true ||
    evidence.some((e) => e.criterion === id && e.verdict === "supports")
  );
}

/**
 * Under a dimension's questions, what evidence says of its practices (a dispute is a note, never an error),
 * worded by whether the box starts ticked: evidence that supports a practice ticks it; one that disputes it
 * leaves the last answer as it was, so it either disputes that answer or agrees the practice is missing.
 */
function evidenceNotes(
  dimension: Dimension,
  choices: CheckinChoices | null,
  evidence: readonly PracticeEvidence[],
): KnownBlock[] {
  return evidence
    .filter((e) => criterion(e.criterion).dimension === dimension)
    .map((e) => {
      const ticked = startsTicked(e.criterion, choices, evidence);
      const lead =
        e.verdict === "supports"
          ? choices?.checked.includes(e.criterion)
            ? "in your last answer"
            : "ticked from evidence"
          : ticked
            ? "ticked in your last answer: untick it if it is not in place"
            : "tick it if you know better";
      return context(
        `*${criterion(e.criterion).title}* (${lead}): ${verdictLine(e, ticked)}`,
        evidenceBlockId(e.criterion, e.verdict),
      );
    });
}

/** The checkbox practices that make no sense for this team (never a ladder), and one reason for them. */
function notApplicableBlocks(previous: ReadonlyMap<CriterionId, string>): InputBlock[] {
  const options = CHECKBOX_CRITERIA.map((id) => option(id, shortName(id), criterion(id).title));
  const initial = options.filter((o) => previous.has(o.value as CriterionId));
  const reason = [...previous.values()][0];
  return [
    {
      type: "input",
      block_id: NOT_APPLICABLE_BLOCK,
      optional: true,
      label: { type: "plain_text", text: "Practices that do not apply to your team" },
      hint: {
        type: "plain_text",
        text: "Only what makes no sense for this team, e.g. A/B testing for batch scoring. When most of the team says so, it counts as in place, and every summary names it.",
      },
      element: {
        type: "multi_static_select",
        action_id: CHECKIN_FIELD_ACTION,
        placeholder: plain("Choose practices"),
        options,
        ...(initial.length > 0 ? { initial_options: initial } : {}),
      },
    },
    {
      type: "input",
      block_id: NA_REASON_BLOCK,
      optional: true,
      label: { type: "plain_text", text: "Why do they not apply?" },
      hint: {
        type: "plain_text",
        text: `Needed when you choose a practice above, at most ${NA_REASON_MAX_LENGTH} characters, e.g. "batch scoring only".`,
      },
      element: {
        type: "plain_text_input",
        action_id: CHECKIN_FIELD_ACTION,
        max_length: NA_REASON_MAX_LENGTH,
        ...(reason ? { initial_value: reason } : {}),
      },
    },
  ];
}

function roleBlock(role: Role | null): InputBlock {
  const options = ROLES.map((r) => ({ text: plain(ROLE_LABELS[r]), value: r }));
  const initial = options.find((o) => o.value === role);
  return {
    type: "input",
    block_id: ROLE_BLOCK,
    optional: true,
    label: { type: "plain_text", text: "Your role" },
    hint: { type: "plain_text", text: "Optional. Remembered for your next check-ins." },
    element: {
      type: "static_select",
      action_id: CHECKIN_FIELD_ACTION,
      placeholder: plain("Choose your role"),
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function noteBlock(note: string | null): InputBlock {
  return {
    type: "input",
    block_id: NOTE_BLOCK,
    optional: true,
    label: { type: "plain_text", text: "Anything to add?" },
    hint: { type: "plain_text", text: "Optional: context for your team, e.g. what changed since last time." },
    element: {
      type: "plain_text_input",
      action_id: CHECKIN_FIELD_ACTION,
      multiline: true,
      max_length: NOTE_MAX_LENGTH,
      ...(note ? { initial_value: note } : {}),
    },
  };
}

function criterionOption(id: (typeof CHECKBOX_CRITERIA)[number]): PlainTextOption {
  const { title, description } = criterion(id);
  return option(id, title, description);
}

function option(value: string, text: string, hint: string): PlainTextOption {
  return { text: plain(text), value, description: plain(hint) };
}
