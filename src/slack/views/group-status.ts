// `/mlops status group <name>`: a group's roll-up, ephemeral, with its chart and the same facts in words.
import type { GroupRollup, TeamLoss } from "../../domain/group-rollup.js";
import type { Participation } from "../../domain/org-digest.js";
import { shortName } from "../../domain/rubric.js";
import type { GroupStatus, GroupStatusOutcome } from "../../services/groups.js";
import { GROUP_BLOCKS } from "../ids.js";
import { context, section } from "./blocks.js";
import type { MessageBlock } from "./chart.js";
import { nameText } from "./mrkdwn.js";
import {
  levelsChart,
  levelsText,
  listWithRest,
  MOVERS_SHOWN,
  missedText,
  moversText,
  nextText,
  teamLabel,
} from "./org-digest.js";
import { levelTitle, plural, pluralOf } from "./phrases.js";

export interface GroupStatusMessage {
  response_type: "ephemeral";
  text: string;
  blocks?: MessageBlock[];
}

export function groupName(name: string): string {
  return nameText(name, 80);
}

export function groupStatusReply(outcome: GroupStatusOutcome): GroupStatusMessage {
  if (outcome.kind === "found") return groupStatusMessage(outcome.group);
  const text =
    outcome.name === ""
      ? "Which group? `/mlops status group &lt;name&gt;`; `/mlops group list` shows the groups there are."
      : `:no_entry: There is no group called *${groupName(outcome.name)}* in this workspace. \`/mlops group list\` shows the groups there are.`;
  return { response_type: "ephemeral", text };
}

export function groupStatusMessage({ name, rollup }: GroupStatus): GroupStatusMessage {
  const title = section(GROUP_BLOCKS.title, `*Group ${groupName(name)}* · ${plural(rollup.teams, "team")}`);
  if (rollup.teams === 0) {
    return {
      response_type: "ephemeral",
      text: `Group ${groupName(name)} has no teams yet.`,
      blocks: [
        title,
        section(
          GROUP_BLOCKS.levelsText,
          `No teams in this group yet. An admin adds them with \`/mlops group add ${groupName(name)} #channel\`.`,
        ),
      ],
    };
  }
  const blocks: MessageBlock[] = [title, section(GROUP_BLOCKS.levelsText, levelsText(rollup))];
  if (rollup.teams > rollup.unassessed) blocks.push(levelsChart(rollup, GROUP_BLOCKS.levels));
  blocks.push(
    section(GROUP_BLOCKS.median, medianText(rollup)),
    section(
      GROUP_BLOCKS.movers,
      moversText(":left_right_arrow: *Moved over the last 4 rounds*", rollup.movers, "nobody"),
    ),
    section(GROUP_BLOCKS.lost, lostText(rollup.lostPractice)),
    section(GROUP_BLOCKS.next, nextText(rollup)),
    section(GROUP_BLOCKS.missed, missedText(rollup.missed)),
    context(participationText(rollup.participation), GROUP_BLOCKS.participation),
  );
  const median =
    rollup.median === null ? "no level yet" : `median ${levelTitle(rollup.median)}${strictMedian(rollup)}`;
  return {
    response_type: "ephemeral",
    text: `Group ${groupName(name)}: ${plural(rollup.teams, "team")}, ${median}`,
    blocks,
  };
}

function medianText(rollup: GroupRollup): string {
  if (rollup.median === null) return "*Median level:* none yet (no team has a closed round with answers).";
  return `*Median level:* ${levelTitle(rollup.median)}${strictMedian(rollup)}`;
}

/** The median, like every level of the roll-up, leaves out disputed practices under the strict policy. */
function strictMedian(rollup: GroupRollup): string {
  return rollup.strict ? " (strict evidence policy)" : "";
}

function lostText(losses: readonly TeamLoss[]): string {
  if (losses.length === 0) return ":white_check_mark: *Lost a practice in their last round:* none.";
  const lines = losses.map((t) => `• ${teamLabel(t)}: ${t.lost.map(shortName).join(", ")}`);
  return `:warning: *Lost a practice in their last round* (${plural(losses.length, "team")})\n${listWithRest(lines, MOVERS_SHOWN)}`;
}

function participationText(p: Participation): string {
  if (p.teamsAsked === 0) return "Participation: no team of the group has had a check-in close yet.";
  const rate = p.expected > 0 ? Math.round((100 * p.answered) / p.expected) : 0;
  return (
    `Participation in each team's last closed round: ${pluralOf(p.answered, p.expected, "respondent")} answered (${rate}%); ` +
    `${pluralOf(p.teamsAnswered, p.teamsAsked, "team")} checked in.`
  );
}
