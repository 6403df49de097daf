import type { HomeView, KnownBlock, SectionBlock } from "@slack/types";
import { criterion, LEVELS } from "../../domain/rubric.js";
import type { HomeTeam } from "../../services/home.js";
import { HOME_BLOCKS, homeTeamBlockId, OPEN_CHECKIN_ACTION } from "../ids.js";
import { context, section } from "./blocks.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { levelTitle } from "./phrases.js";

// A Home tab holds at most 100 blocks (LIMITS.viewBlocks); the rest of the view needs fewer than 10.
const MAX_TEAMS = 60;

export function homeView(teams: readonly HomeTeam[]): HomeView {
  const shown = teams.slice(0, MAX_TEAMS);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Your ML teams" } },
    ...(teams.length === 0 ? [noTeams()] : shown.map(teamSection)),
  ];
  if (teams.length > shown.length) {
    blocks.push(context(`…and ${teams.length - shown.length} more. \`/mlops teams\` lists every team.`));
  }
  blocks.push(
    { type: "divider" },
    { type: "header", text: { type: "plain_text", text: "The five MLOps maturity levels" } },
    section(HOME_BLOCKS.levels, LEVELS.map((l) => `*${levelTitle(l.level)}*\n${l.summary}`).join("\n\n")),
    context(
      "A level counts only when every practice of it and of the levels below is in place (the MLOps hierarchy of needs). In a team's channel: `/mlops status`, `/mlops checkin`, `/mlops setup`.",
    ),
  );
  return { type: "home", blocks };
}

function teamSection(team: HomeTeam): SectionBlock {
  const name = `*${escapeMrkdwn(truncate(team.name, 80))}* · <#${team.channelId}>`;
  const level =
    team.level === null
      ? "No answers yet"
      : `${levelTitle(team.level)}${team.next ? ` · next: ${criterion(team.next).title}` : " · every practice in place"}`;
  const you = team.answeredThisRound
    ? ":white_check_mark: You answered this round."
    : ":hourglass_flowing_sand: You have not answered this round yet.";
  return {
    ...section(homeTeamBlockId(team.id), `${name}\n${level}\n${you}`),
    accessory: {
      type: "button",
      action_id: OPEN_CHECKIN_ACTION,
      value: String(team.id),
      text: { type: "plain_text", text: team.answeredThisRound ? "Update answers" : "Check in" },
      ...(team.answeredThisRound ? {} : { style: "primary" as const }),
    },
  };
}

function noTeams(): SectionBlock {
  return section(
    HOME_BLOCKS.noTeams,
    "You do not answer the check-in for any ML team yet.\nRun `/mlops setup` in your team's channel to register the team, or `/mlops checkin` in a team's channel to answer and join it.",
  );
}
