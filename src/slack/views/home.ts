import type { ActionsBlock, HomeView, KnownBlock, PlainTextOption, SectionBlock } from "@slack/types";
import { criterion, LEVELS } from "../../domain/rubric.js";
import type { HomeGroup, HomeTeam, OrgOverview } from "../../services/home.js";
import { HOME_BLOCKS, HOME_GROUP_FILTER_ACTION, homeTeamBlockId, OPEN_CHECKIN_ACTION } from "../ids.js";
import { LIMITS } from "../limits.js";
import { context, plain, section } from "./blocks.js";
import { levelTrendText } from "./chart.js";
import { nameText, truncate } from "./mrkdwn.js";
import { exemptionNote, levelTitle, plural, strictLevelsNote, strictNote } from "./phrases.js";

// A Home tab holds at most 100 blocks (LIMITS.viewBlocks); the rest of the view needs fewer than 15.
const MAX_TEAMS = 60;
const MOVERS_SHOWN = 10;
// A static_select offers at most 100 options: "All teams" and the first 99 groups by name.
const GROUPS_OFFERED = 99;
const ALL_TEAMS = "all";

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
  // The filter's choice rides in the view, so a Home tab opened again shows the same group.
  const group = overview?.group;
  return {
    type: "home",
    blocks,
    ...(group ? { private_metadata: JSON.stringify({ group: group.id }) } : {}),
  };
}

/** The group a published Home tab was narrowed to, from its private_metadata; null for every team. */
export function homeGroupOf(privateMetadata: string | undefined): number | null {
  try {
    const group = (JSON.parse(privateMetadata || "{}") as { group?: unknown }).group;
    return Number.isSafeInteger(group) ? (group as number) : null;
  } catch {
    return null;
  }
}

/** The filter's value as a group id; null for "All teams" or anything else. */
export function groupFilterValue(value: string | undefined): number | null {
  return /^\d{1,12}$/.test(value ?? "") ? Number(value) : null;
}

function teamSection(team: HomeTeam): SectionBlock {
  const name = `*${nameText(team.name, 80)}* · <#${team.channelId}>`;
  const level =
    team.level === null
      ? "No answers yet"
      : `${levelTitle(team.level)}${strictNote(team.leftOut.length)}${exemptionNote(team.notApplicable)}${team.next ? ` · next: ${criterion(team.next).title}` : " · every practice in place"}`;
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
    .map((m) => `• *${nameText(m.name, 60)}* <#${m.channelId}> ${m.from} → ${m.to}`);
  const rest = overview.movers.length - movers.length;
  const moved =
    movers.length === 0
      ? "No team changed level in the last 4 weeks."
      : `*Moved in the last 4 weeks*\n${movers.join("\n")}${rest > 0 ? `\n…and ${rest} more` : ""}`;
  const strict = overview.leftOut > 0 ? `\n${strictLevelsNote(overview.leftOut)}` : "";
  const scope = overview.group ? ` in group *${nameText(overview.group.name, 80)}*` : "";
  return [
    { type: "header", text: { type: "plain_text", text: "Your organisation" } },
    ...(overview.groups.length > 0 ? [groupFilter(overview.groups, overview.group)] : []),
    section(
      HOME_BLOCKS.overview,
      `*${plural(overview.teams, "ML team")}*${scope} · ${levels}${unassessed}${strict}\n\n${moved}`,
    ),
    context(
      "You see this as a workspace admin. `/mlops teams` lists every team; the weekly digest charts them.",
    ),
    { type: "divider" },
  ];
}

function groupFilter(groups: readonly HomeGroup[], chosen: HomeGroup | null): ActionsBlock {
  const option = (text: string, value: string): PlainTextOption => ({
    text: plain(truncate(text, LIMITS.optionText)),
    value,
  });
  const all = option("All teams", ALL_TEAMS);
  const options = [
    all,
    ...groups.slice(0, GROUPS_OFFERED).map((g) => option(`Group ${g.name}`, String(g.id))),
  ];
  const initial = options.find((o) => chosen !== null && o.value === String(chosen.id)) ?? all;
  return {
    type: "actions",
    block_id: HOME_BLOCKS.groupFilter,
    elements: [
      {
        type: "static_select",
        action_id: HOME_GROUP_FILTER_ACTION,
        placeholder: plain("Show a group"),
        options,
        initial_option: initial,
      },
    ],
  };
}

function noTeams(): SectionBlock {
  return section(
    HOME_BLOCKS.noTeams,
    "You do not answer the check-in for any ML team yet.\nRun `/mlops setup` in your team's channel to register the team, or `/mlops checkin` in a team's channel to answer and join it.",
  );
}
