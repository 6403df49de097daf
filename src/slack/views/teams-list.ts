import type { Button, KnownBlock } from "@slack/types";
import { criterion, LEVELS } from "../../domain/rubric.js";
import type { TeamLine } from "../../services/team-status.js";
import { TEAMS_MORE_ACTION, TEAMS_PAGE_BLOCK, TEAMS_SUMMARY_BLOCK, teamsListBlockId } from "../ids.js";
import { context, section } from "./blocks.js";
import type { EphemeralMessage } from "./help.js";
import { nameText } from "./mrkdwn.js";
import { exemptionNote, plural, strictLevelsNote, strictNote } from "./phrases.js";

// Slack refuses messages over 50 blocks, and long ones (~12,000 characters in all) with msg_blocks_too_long.
const MAX_TEAM_SECTIONS = 39;
const SECTION_BUDGET = 2_900;
const LINES_BUDGET = 9_000;
const BAR_WIDTH = 20;

/**
 * Every team of the workspace, a page at a time: the teams from `offset` that fit one message, then a
 * *Show more* button whose value is where the next page starts (it replaces the message with that page).
 */
export function teamsMessage(teams: readonly TeamLine[], offset = 0): EphemeralMessage {
  if (teams.length === 0) {
    return {
      response_type: "ephemeral",
      text: "No ML teams are set up in this workspace yet. Run `/mlops setup` in a team's channel to register its team.",
    };
  }
  const sorted = [...teams].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  const start = Math.min(Math.max(0, offset), Math.max(0, sorted.length - 1));
  const { sections, shown } = packLines(sorted.slice(start).map(teamLine));
  const blocks: KnownBlock[] = [
    section(
      TEAMS_SUMMARY_BLOCK,
      [
        `*${plural(teams.length, "ML team")} in this workspace*`,
        histogram(teams),
        strictLevelsNote(teams.filter((t) => t.leftOut.length > 0).length),
      ]
        .filter(Boolean)
        .join("\n"),
    ),
    ...sections.map((text, i) => section(teamsListBlockId(i), text)),
  ];
  const end = start + shown;
  const hidden = teams.length - end;
  const range = start > 0 || hidden > 0 ? `Teams ${start + 1}–${end} of ${teams.length}. ` : "";
  const more =
    hidden > 0
      ? `…and ${plural(hidden, "more team")}: *Show more* lists ${hidden === 1 ? "it" : "them"}. `
      : "";
  blocks.push(context(`${range}${more}\`/mlops status #channel\` shows one team in detail.`));
  const buttons: Button[] = [];
  if (hidden > 0) buttons.push(pageButton(`Show more (${hidden} left)`, end, true));
  if (start > 0) buttons.push(pageButton("Back to the first page", 0, false));
  if (buttons.length > 0) blocks.push({ type: "actions", block_id: TEAMS_PAGE_BLOCK, elements: buttons });
  return { response_type: "ephemeral", text: `MLOps maturity of ${plural(teams.length, "ML team")}`, blocks };
}

function pageButton(text: string, offset: number, primary: boolean): Button {
  return {
    type: "button",
    action_id: TEAMS_MORE_ACTION,
    text: { type: "plain_text", text },
    value: String(offset),
    ...(primary ? { style: "primary" as const } : {}),
  };
}

function teamLine(team: TeamLine): string {
  const where = `*${nameText(team.name, 60)}* <#${team.channelId}>`;
  if (team.level === null) return `• ${where} — no answers yet`;
  const next = team.next ? `next: ${criterion(team.next).title}` : "every practice in place";
  return `• ${where} — Level ${team.level}${strictNote(team.leftOut.length)}${exemptionNote(team.notApplicable)} · ${next}`;
}

/** Lines into sections of at most SECTION_BUDGET characters, stopping at the overall budgets. */
function packLines(lines: readonly string[]): { sections: string[]; shown: number } {
  const sections: string[] = [];
  let current = "";
  let total = 0;
  let shown = 0;
  for (const line of lines) {
    if (total + line.length + 1 > LINES_BUDGET) break;
    if (current && current.length + line.length + 1 > SECTION_BUDGET) {
      if (sections.length + 1 >= MAX_TEAM_SECTIONS) break;
      sections.push(current);
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
    total += line.length + 1;
    shown++;
  }
  if (current) sections.push(current);
  return { sections, shown };
}

function histogram(teams: readonly TeamLine[]): string {
  const counts = LEVELS.map(({ level }) => teams.filter((t) => t.level === level).length);
  const unanswered = teams.filter((t) => t.level === null).length;
  const largest = Math.max(...counts, unanswered, 1);
  const bar = (n: number) => "▇".repeat(Math.ceil((n / largest) * BAR_WIDTH)) || "·";
  const rows = LEVELS.map(
    ({ level, name }, i) => `\`L${level}\` ${bar(counts[i] ?? 0)} ${counts[i] ?? 0} · ${name}`,
  );
  if (unanswered > 0) rows.push(`\`--\` ${bar(unanswered)} ${unanswered} · no answers yet`);
  return rows.join("\n");
}
