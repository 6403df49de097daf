import type { Button, KnownBlock } from "@slack/types";
import {
  adviceFor,
  type Nudge,
  type NudgeKind,
  type ReleaseRungId,
  releaseRungs,
} from "../../domain/nudges.js";
import { type CriterionId, criterion } from "../../domain/rubric.js";
import { SNOOZE_WEEKS } from "../../services/snooze.js";
import { actionsBlockId, nudgeBlockId, SNOOZE_NUDGE_ACTION, snoozedBlockId } from "../ids.js";
import { context } from "./blocks.js";
import { type ChatMessage, checkinButtonElement } from "./chat-message.js";
import { nameText, truncate } from "./mrkdwn.js";
import { shortDate } from "./phrases.js";
import { when } from "./schedule-replies.js";

export interface NudgeInput {
  mlTeamId: number;
  teamName: string;
  /** The closed round the nudge is about. */
  period: string;
  nudge: Nudge;
  /** For a regression: practices met before and not now. */
  lost?: readonly CriterionId[];
}

const RUNG_LABELS: Readonly<Record<ReleaseRungId, string>> = {
  automated_app_releases: "automate app releases",
  scoring_script_versioned: "version the scoring script",
  tested_scoring_script: "add tests to it",
  cicd_model_release: "release models through CI/CD",
};

const KIND_LABELS: Readonly<Record<NudgeKind, string>> = {
  siloed_roles: "siloed-roles",
  manual_releases: "manual-releases",
  regression: "level-drop",
  missed_checkin: "missed-check-in",
  practice_lost: "practice-lost",
};

export function nudgeKindLabel(kind: NudgeKind): string {
  return KIND_LABELS[kind];
}

/** One nudge in the team channel: concrete advice for the next rung, why it applies, snooze and check in. */
export function nudgeMessage(input: NudgeInput): ChatMessage {
  const advice = adviceFor(input.nudge);
  const name = nameText(input.teamName, 80);
  const lead = `:bulb: *${advice.title}* · ${name}`;
  return {
    text: `${advice.title} (${name})`,
    blocks: [
      {
        type: "section",
        block_id: nudgeBlockId(input.nudge.kind),
        text: { type: "mrkdwn", text: `${lead}\n${advice.text}` },
      },
      context(reasonText(input)),
      {
        type: "actions",
        block_id: actionsBlockId(nudgeBlockId(input.nudge.kind)),
        elements: [
          snoozeButton(input.mlTeamId, input.nudge.kind),
          checkinButtonElement(input.mlTeamId, false),
        ],
      },
    ],
  };
}

function snoozeButton(mlTeamId: number, kind: NudgeKind): Button {
  return {
    type: "button",
    action_id: SNOOZE_NUDGE_ACTION,
    text: { type: "plain_text", text: `Snooze ${SNOOZE_WEEKS} weeks`, emoji: true },
    value: `${mlTeamId}:${kind}`,
  };
}

function reasonText({ nudge, period, lost = [] }: NudgeInput): string {
  const round = `round of ${shortDate(period)}`;
  switch (nudge.kind) {
    case "siloed_roles":
      if (nudge.split)
        return `Why: in the ${round} the team was split on whether this is in place (${criterion(nudge.workOn).title.toLowerCase()}), so it does not count yet. Worth settling together.`;
      return nudge.workOn === "ds_de_collaboration"
        ? `Why: in the ${round} the team answered that data scientists, data engineers and software engineers work in silos.`
        : `Why: the team's next prerequisite is a People practice: ${criterion(nudge.workOn).title}.`;
    case "manual_releases":
      return `Path to automatic releases: ${releasePath(nudge.firstMissing, nudge.remaining)}`;
    case "regression": {
      const lostText = lost.length > 0 ? ` No longer met: ${lost.slice(0, 5).map(title).join("; ")}.` : "";
      return truncate(`The level fell from ${nudge.from} to ${nudge.to} in the ${round}.${lostText}`, 2000);
    }
    case "missed_checkin":
      return `Nobody answered the ${round}, so the team's level was not updated.`;
    case "practice_lost":
      return truncate(
        `In the ${round} the team kept Level ${nudge.level}, but no longer counts: ${nudge.lost.slice(0, 5).map(title).join("; ")}.`,
        2000,
      );
  }
}

function title(id: CriterionId): string {
  return criterion(id).title;
}

function releasePath(firstMissing: ReleaseRungId, remaining: readonly ReleaseRungId[]): string {
  const firstIndex = releaseRungs.indexOf(firstMissing);
  return releaseRungs
    .map((rung, index) => {
      if (rung === firstMissing) return `*${RUNG_LABELS[rung]}* (next)`;
      const done = index < firstIndex || !remaining.includes(rung);
      return done ? `~${RUNG_LABELS[rung]}~ :white_check_mark:` : RUNG_LABELS[rung];
    })
    .join(" → ");
}

interface LooseBlock {
  type: string;
  block_id?: string;
}

/** The message a nudge was clicked in, as Slack hands it back. */
export interface ClickedMessage {
  readonly text?: string;
  readonly blocks?: readonly LooseBlock[];
}

/**
 * The nudge as everyone in the channel sees it after a snooze: the snooze button gives way to a note of who
 * snoozed it until when. Null when the clicked message does not carry the nudge's blocks (nothing to update).
 */
export function snoozedNudgeMessage(
  message: ClickedMessage | undefined,
  snooze: { mlTeamId: number; kind: NudgeKind; userId: string; until: Date; timeZone: string },
): { text: string; blocks: (LooseBlock | KnownBlock)[] } | null {
  const { kind } = snooze;
  const actionsId = actionsBlockId(nudgeBlockId(kind));
  if (!message?.blocks?.some((b) => b.block_id === actionsId)) return null;
  const note = `:zzz: <@${snooze.userId}> snoozed ${nudgeKindLabel(kind)} nudges until ${when(snooze.until, snooze.timeZone)}.`;
  const blocks = message.blocks.flatMap((block): (LooseBlock | KnownBlock)[] =>
    block.block_id === actionsId
      ? [
          context(note, snoozedBlockId(kind)),
          { type: "actions", block_id: actionsId, elements: [checkinButtonElement(snooze.mlTeamId, false)] },
        ]
      : [block],
  );
  return { text: message.text ?? note, blocks };
}
