import type { HomeView, KnownBlock, SectionBlock } from "@slack/types";
import { criterion, LEVELS } from "../../domain/rubric.js";
import type { HomeTeam, OrgOverview } from "../../services/home.js";
import { HOME_BLOCKS, homeTeamBlockId, OPEN_CHECKIN_ACTION } from "../ids.js";
import { context, section } from "./blocks.js";
import { levelTrendText } from "./chart.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { exemptionNote, levelTitle, plural } from "./phrases.js";

// A Home tab holds at most 100 blocks (LIMITS.viewBlocks); the rest of the view needs fewer than 15.
const MAX_TEAMS = 60;
const MOVERS_SHOWN = 10;

// Charts stay in messages (Slack does not say the Home tab draws them): trends here are text.
export function homeView(teams: readonly HomeTeam[], overview: OrgOverview | null = null): HomeView {
  const shown = teams.slice(0, MAX_TEAMS);
  const blocks: KnownBlock[] = [
    ...(overview ? overviewBlocks(overview) : []),
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
      : `${levelTitle(team.level)}${exemptionNote(team.notApplicable)}${team.next ? ` · next: ${criterion(team.next).title}` : " · every practice in place"}`;
  const trend = team.trend.length > 1 ? `\nTrend: ${levelTrendText(team.trend)}` : "";
  const you = team.answeredThisRound
    ? ":white_check_mark: You answered this round."
    : ":hourglass_flowing_sand: You have not answered this round yet.";
  return {
    ...section(homeTeamBlockId(team.id), `${name}\n${level}${trend}\n${you}`),
    accessory: {
      type: "button",
      action_id: OPEN_CHECKIN_ACTION,
      value: String(team.id),
      text: { type: "plain_text", text: team.answeredThisRound ? "Update answers" : "Check in" },
      ...(team.answeredThisRound ? {} : { style: "primary" as const }),
    },
  };
}

function overviewBlocks(overview: OrgOverview): KnownBlock[] {
  const levels = LEVELS.map(({ level }) => `Level ${level}: *${overview.perLevel[level] ?? 0}*`).join(" · ");
  const unassessed = overview.unassessed > 0 ? ` · not assessed yet: *${overview.unassessed}*` : "";
  const movers = overview.movers
    .slice(0, MOVERS_SHOWN)
    .map((m) => `• *${escapeMrkdwn(truncate(m.name, 60))}* <#${m.channelId}> ${m.from} → ${m.to}`);
  const rest = overview.movers.length - movers.length;
  const moved =
    movers.length === 0
      ? "No team changed level in the last 4 weeks."
      : `*Moved in the last 4 weeks*\n${movers.join("\n")}${rest > 0 ? `\n…and ${rest} more` : ""}`;
  return [
    { type: "header", text: { type: "plain_text", text: "Your organisation" } },
    section(
      HOME_BLOCKS.overview,
      `*${plural(overview.teams, "ML team")}* · ${levels}${unassessed}\n\n${moved}`,
    ),
    context(
      "You see this as a workspace admin. `/mlops teams` lists every team; the weekly digest charts them.",
    ),
    { type: "divider" },
  ];
}

function noTeams(): SectionBlock {
  return section(
    HOME_BLOCKS.noTeams,
    "You do not answer the check-in for any ML team yet.\nRun `/mlops setup` in your team's channel to register the team, or `/mlops checkin` in a team's channel to answer and join it.",
  );
}
