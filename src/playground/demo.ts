// The demo organisation the playground starts with: people and channels in the Slack stand-in, and five ML
// teams at different levels with twelve weeks of history, imported as `npm run mlops -- import` would.
import { Readable } from "node:stream";
import { listTeams } from "../db/teams.js";
import type { Deps } from "../deps.js";
import { addDays, DEFAULT_SCHEDULE, periodAt, type TeamSchedule } from "../domain/calendar.js";
import { ANSWER_COLUMNS } from "../domain/export-columns.js";
import type { Role } from "../domain/roles.js";
import { CRITERIA, CRITERION_IDS, type Level } from "../domain/rubric.js";
import type { FakeWorkspace } from "../fake-slack/state.js";
import { sendDigestTo } from "../services/digest-channel.js";
import type { Directory } from "../services/directory.js";
import { backfillRepository, type LinkTarget, linkToTeam } from "../services/evidence-links.js";
import { importAnswers } from "../services/import.js";
import { saveTeamSetup } from "../services/team-setup.js";
import { parseLinkCommand } from "../slack/forms/link-command.js";
import { DEMO_EXPERIMENT, DEMO_MODELS } from "./mlflow.js";

export const DEMO_WORKSPACE = "T0DEMO";

export interface DemoPerson {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly admin?: boolean;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { id: "UAMARA", name: "Amara", role: "data_scientist", admin: true },
  { id: "UBRUNO", name: "Bruno", role: "data_engineer" },
  { id: "UCHEN", name: "Chen", role: "software_engineer" },
  { id: "UDIANA", name: "Diana", role: "ml_engineer" },
  { id: "UELI", name: "Eli", role: "data_scientist" },
];

interface DemoTeam {
  readonly channelId: string;
  readonly channel: string;
  readonly name: string;
  readonly people: readonly string[];
  /** The level of each of the last twelve closed rounds, oldest first. */
  readonly levels: readonly Level[];
  /** What it linked, each as typed after `/mlops link`: its repository (in the stand-in GitHub) and options. */
  readonly links: readonly string[];
}

const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    channelId: "CCHURN",
    channel: "churn-model",
    name: "Churn model",
    people: ["UAMARA", "UBRUNO", "UCHEN"],
    levels: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    links: [
      "github demo-org/churn-model --training-workflow .github/workflows/train.yml",
      `mlflow experiment ${DEMO_EXPERIMENT}`,
      `mlflow model ${DEMO_MODELS.churn.name}`,
    ],
  },
  {
    channelId: "CFRAUD",
    channel: "fraud-detection",
    name: "Fraud detection",
    people: ["UAMARA", "UDIANA", "UELI"],
    levels: [1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    links: [
      "github demo-org/fraud-detection --model --training-workflow .github/workflows/train.yml",
      `mlflow model ${DEMO_MODELS.fraud.name}`,
    ],
  },
  {
    channelId: "CRECS",
    channel: "recommendations",
    name: "Recommendations",
    people: ["UAMARA", "UCHEN", "UDIANA"],
    levels: [1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3],
    links: ["github demo-org/recommendations --model --training-workflow .github/workflows/retrain.yml"],
  },
  {
    channelId: "CSEARCH",
    channel: "search-ranking",
    name: "Search ranking",
    people: ["UAMARA", "UELI", "UCHEN"],
    levels: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    links: ["github demo-org/search-ranking"],
  },
  {
    channelId: "CFORECAST",
    channel: "forecasting",
    name: "Demand forecasting",
    people: ["UAMARA", "UBRUNO", "UELI"],
    levels: [1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1],
    links: ["github demo-org/demand-forecasting --deploy-environment prod"],
  },
];

/** What each demo team links, parsed as `/mlops link` parses it. */
export const DEMO_LINKS: readonly { readonly channelId: string; readonly target: LinkTarget }[] =
  DEMO_TEAMS.flatMap((team) =>
    team.links.map((link) => {
      const parsed = parseLinkCommand(link);
      if (!parsed.ok) throw new Error(`the demo team ${team.name} links "${link}": ${parsed.problem}`);
      return { channelId: team.channelId, target: parsed.target };
    }),
  );

export const DIGEST_CHANNEL = { id: "CMLLEADS", name: "ml-leads" } as const;

/** The demo teams keep UTC, so the clock's jumps read the same in the page as in the teams' schedules. */
export const DEMO_SCHEDULE: TeamSchedule = { ...DEFAULT_SCHEDULE, timeZone: "UTC" };

/** The person whose view the page opens with: a respondent of every team and a workspace admin. */
export const FIRST_PERSON = "UAMARA";

/** People and channels, as Slack would know them. */
export function seedWorkspace(workspace: FakeWorkspace): void {
  workspace.identity.teamId = DEMO_WORKSPACE;
  workspace.users.clear();
  workspace.channels.clear();
  for (const p of DEMO_PEOPLE)
    workspace.users.set(p.id, { id: p.id, name: p.name, tz: "UTC", is_admin: p.admin ?? false });
  for (const t of DEMO_TEAMS)
    workspace.channels.set(t.channelId, { id: t.channelId, name: t.channel, members: [...t.people] });
  workspace.channels.set(DIGEST_CHANNEL.id, {
    id: DIGEST_CHANNEL.id,
    name: DIGEST_CHANNEL.name,
    members: DEMO_PEOPLE.map((p) => p.id),
  });
}

/** Answers Slack's questions about people from the stand-in's directory, for set-up outside a request. */
function directoryOf(workspace: FakeWorkspace): Directory {
  return {
    lookUp: async (id) => {
      const user = workspace.users.get(id);
      if (!user) return { ok: false, error: "user_not_found" };
      return { ok: true, person: { timeZone: user.tz ?? "UTC", isAdmin: user.is_admin ?? false } };
    },
    isMember: async (channelId, userId) => ({
      ok: true,
      member: workspace.channels.get(channelId)?.members?.includes(userId) ?? false,
    }),
  };
}

/** Sets up the demo teams and imports their history, unless the database already has teams. */
export async function seedDemo(deps: Deps, workspace: FakeWorkspace): Promise<boolean> {
  if ((await listTeams(deps.db, DEMO_WORKSPACE)).length > 0) return false;
  const directory = directoryOf(workspace);
  const ref = { teamId: DEMO_WORKSPACE, enterpriseId: null };
  for (const team of DEMO_TEAMS) {
    const outcome = await saveTeamSetup(deps, directory, {
      workspace: ref,
      channelId: team.channelId,
      userId: FIRST_PERSON,
      mlTeamId: null,
      submission: { settings: { name: team.name, ...DEMO_SCHEDULE }, respondents: team.people },
    });
    if (outcome.kind !== "saved") throw new Error(`the demo team ${team.name} could not be set up`);
  }
  await sendDigestTo(deps, directory, { workspace: ref, userId: FIRST_PERSON, channelId: DIGEST_CHANNEL.id });
  await linkDemoTeams(deps, directory);
  const outcome = await importAnswers(deps, Readable.from([demoHistoryCsv(deps.clock())]));
  if (outcome.kind !== "imported")
    throw new Error(`the demo history was refused:\n${outcome.problems.join("\n")}`);
  return true;
}

/**
 * Links each demo team to its repository through the service `/mlops link` uses (the App must be installed
 * on it in the stand-in GitHub), then reads its last 28 days as a new link does. Without GitHub: nothing.
 */
async function linkDemoTeams(deps: Deps, directory: Directory): Promise<void> {
  const github = deps.github;
  if (!github) return;
  for (const { channelId, target } of DEMO_LINKS) {
    const request = { teamId: DEMO_WORKSPACE, channelId, mentioned: false, userId: FIRST_PERSON, target };
    const outcome = await linkToTeam(deps, directory, request);
    if (outcome.kind !== "linked")
      throw new Error(`a demo team could not link ${channelId}: ${outcome.kind}`);
    if (outcome.backfill) await backfillRepository(deps, github, DEMO_WORKSPACE, outcome.backfill);
  }
}

/** Twelve closed weekly rounds per team, and this round answered by all but the first person. */
export function demoHistoryCsv(now: Date): string {
  const current = periodAt(DEMO_SCHEDULE, now);
  const rows = DEMO_TEAMS.flatMap((team) => {
    const rounds = team.levels.map((level, i) => ({
      period: addDays(current, -7 * (team.levels.length - i)),
      level,
      people: team.people,
    }));
    const latest = team.levels.at(-1) ?? 0;
    rounds.push({ period: current, level: latest, people: team.people.filter((p) => p !== FIRST_PERSON) });
    return rounds.flatMap((round) =>
      round.people.map((person) => row(team, round.period, person, round.level)),
    );
  });
  // The columns every answers file has; the optional ones (nothing-changed and not-applicable marks) are left out.
  const header = ANSWER_COLUMNS.filter((c) => !c.optional).map((c) => c.name);
  return `${[header.join(","), ...rows].join("\n")}\n`;
}

function row(team: DemoTeam, period: string, person: string, level: Level): string {
  const role = DEMO_PEOPLE.find((p) => p.id === person)?.role ?? "";
  const met = CRITERION_IDS.map((id) =>
    (CRITERIA.find((c) => c.id === id)?.level ?? 5) <= level ? "1" : "0",
  );
  return [DEMO_WORKSPACE, team.channelId, period, person, role, ...met, ""].join(",");
}
