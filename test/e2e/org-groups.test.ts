// Groups across the workspaces of an org-wide Enterprise Grid install (issue 21): an org admin's group belongs to
// the organisation and takes teams of any of its workspaces; every workspace of the org sees it, through
// `/mlops status group` and an org token; a workspace admin manages only their workspace's groups; another
// organisation sees none of it.
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/services/api-tokens.js";
import { useBot } from "../support/fixture.js";
import type { Where } from "../support/flows.js";
import { visibleText } from "../support/messages.js";
import { installThroughRoutes, OAUTH_ENV } from "../support/oauth.js";
import { upTo } from "../support/rounds.js";
import { kindOf, posts, tickAt } from "../support/scheduled.js";
import { seedTeam, snapshot } from "../support/seed.js";

const NOW = new Date("2026-03-25T12:00:00Z");
const bot = useBot({ env: OAUTH_ENV, clock: () => NOW });

const L1 = upTo(1);
const L2 = upTo(2);

const grid = (teamId: string, userId: string, enterpriseId = "E1GRID"): Where => ({
  actor: { teamId, userId, enterpriseId, orgWide: true },
  channelId: `C${teamId}LEADS`,
});
/** The org admin, in workspace 7; Olga, an admin of workspace 7 only; Pavel, in workspace 8; Otto, in another org. */
const ORG_ADMIN = grid("T7DATA", "UORGADMIN");
const OLGA = grid("T7DATA", "UOLGA");
const PAVEL = grid("T8RISK", "UPAVEL");
const OTTO = grid("T9OTHER", "UOTTO", "E2OTHER");
const mention = (channelId: string) => `<#${channelId}|${channelId.toLowerCase()}>`;

async function say(where: Where, text: string): Promise<string> {
  const res = await bot.command(text, where);
  expect(res.status).toBe(200);
  return visibleText(await res.json());
}

beforeAll(async () => {
  for (const [enterpriseId, enterpriseName] of [
    ["E1GRID", "Grid Corp"],
    ["E2OTHER", "Other Corp"],
  ] as const) {
    await installThroughRoutes(bot, {
      enterpriseId,
      enterpriseName,
      isEnterpriseInstall: true,
      userId: "UINSTALL",
    });
  }
  bot.slack.users.set("UORGADMIN", {
    id: "UORGADMIN",
    tz: "UTC",
    enterprise_user: { id: "WORGADMIN", enterprise_id: "E1GRID", is_admin: true },
  });
  bot.slack.users.set("UOLGA", { id: "UOLGA", tz: "UTC", is_admin: true });
  bot.slack.users.set("UPAVEL", { id: "UPAVEL", tz: "UTC" });
  bot.slack.users.set("UOTTO", {
    id: "UOTTO",
    tz: "UTC",
    enterprise_user: { id: "WOTTO", enterprise_id: "E2OTHER", is_admin: true },
  });
  const createdAt = "2026-01-01T00:00:00Z";
  const teams = [
    ["T7DATA", "C7FEAT", "Features", L1],
    ["T7DATA", "C7LABEL", "Labelling", L2],
    ["T8RISK", "C8RISK", "Risk", L2],
    ["T9OTHER", "C9SECRET", "Secret", L1],
  ] as const;
  for (const [teamId, channelId, name, met] of teams) {
    const id = await seedTeam(bot.db, { teamId, channelId, name, createdAt });
    await snapshot(bot.db, { mlTeamId: id, period: "2026-03-16", met, teamId });
  }
  for (const [teamId, enterpriseId] of [
    ["T7DATA", "E1GRID"],
    ["T8RISK", "E1GRID"],
    ["T9OTHER", "E2OTHER"],
  ] as const) {
    await bot.db
      .updateTable("workspaces")
      .set({ enterprise_id: enterpriseId })
      .where("team_id", "=", teamId)
      .execute();
    await bot.db
      .updateTable("ml_teams")
      .set({ enterprise_id: enterpriseId })
      .where("team_id", "=", teamId)
      .execute();
  }
});

describe("an organisation's groups on an org-wide install", () => {
  it("hold teams of several workspaces, seen by each of them and by an org token, never by another org", async () => {
    expect(await say(ORG_ADMIN, "group create Platform")).toContain(
      "Group *Platform* is created for the whole organisation",
    );
    expect(await say(ORG_ADMIN, `group add platform ${mention("C7FEAT")} ${mention("C8RISK")}`)).toContain(
      "Added 2 teams to *Platform*",
    );

    // Workspace 8 sees it whole: a team of each workspace, at levels 1 and 2.
    const status = await say(PAVEL, "status group Platform");
    expect(status).toContain("*Group Platform* · 2 teams");
    expect(status).toContain("Level 1 — DevOps but no MLOps: *1*");
    expect(status).toContain("Level 2 — Automated Training: *1*");
    expect(await say(PAVEL, "group list")).toContain("*Platform*: 2 teams (the whole organisation's)");

    // Through an org token too, and not through a workspace's token.
    const tokenFor = async (scope: { kind: "org" | "workspace"; id: string }) => {
      const created = await createApiToken({ db: bot.db, clock: () => NOW }, { label: `${scope.id}`, scope });
      if (created.kind !== "created") throw new Error(created.kind);
      return created.token;
    };
    const get = async (path: string, token: string) =>
      fetch(`${bot.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const orgToken = await tokenFor({ kind: "org", id: "E1GRID" });
    const detail = (await (await get("/api/v1/groups/platform", orgToken)).json()) as {
      name: string;
      teams: number;
      perLevel: number[];
    };
    expect([detail.name, detail.teams, detail.perLevel]).toEqual(["Platform", 2, [0, 1, 1, 0, 0]]);
    const workspaceToken = await tokenFor({ kind: "workspace", id: "T7DATA" });
    expect((await get("/api/v1/groups/platform", workspaceToken)).status).toBe(404);

    // Another organisation: no such group, by command or by its token; its channels cannot be added.
    expect(await say(OTTO, "status group Platform")).toContain("There is no group called *Platform*");
    expect(await say(OTTO, "group list")).not.toContain("Platform");
    const otherToken = await tokenFor({ kind: "org", id: "E2OTHER" });
    expect((await get("/api/v1/groups/platform", otherToken)).status).toBe(404);
    expect(await say(ORG_ADMIN, `group add Platform ${mention("C9SECRET")}`)).toContain(
      "No ML team is set up in <#C9SECRET>",
    );
  });

  it("leaves a workspace admin their own workspace's groups only", async () => {
    // Olga cannot change the organisation's group, nor take it over with a group of the same name.
    expect(await say(OLGA, `group add Platform ${mention("C7LABEL")}`)).toContain(
      "*Platform* is a group of the whole organisation: only its org admins change it",
    );
    expect(await say(OLGA, "group delete Platform")).toContain("only its org admins change it");
    expect(await say(OLGA, "group create PLATFORM")).toContain("already has a group called *Platform*");

    // Her own group is her workspace's: it takes her workspace's teams, not workspace 8's.
    expect(await say(OLGA, "group create Data")).not.toContain("whole organisation");
    expect(await say(OLGA, `group add Data ${mention("C8RISK")}`)).toContain(
      "No ML team is set up in <#C8RISK>",
    );
    expect(await say(OLGA, `group add Data ${mention("C7LABEL")}`)).toContain("Added 1 team to *Data*");
    expect(await say(PAVEL, "status group Data")).toContain("There is no group called *Data*");

    // The org admin's group of a name a workspace uses is refused: it would be ambiguous there.
    expect(await say(ORG_ADMIN, "group create data")).toContain(
      "This organisation (or one of its workspaces) already has a group called *Data*",
    );
    expect(await say(ORG_ADMIN, "group delete Platform")).toContain("Group *Platform* is deleted");
    expect(await say(PAVEL, "status group Platform")).toContain("There is no group called *Platform*");
  });

  it("rolls the organisation's group up in its org-level digest, whichever workspace it was created in", async () => {
    // A workspace of the organisation with no team of its own.
    const elsewhere = grid("T6EMPTY", "UORGADMIN");
    expect(await say(elsewhere, "group create Platform Two")).toContain("for the whole organisation");
    expect(
      await say(elsewhere, `group add Platform Two ${mention("C7FEAT")} ${mention("C8RISK")}`),
    ).toContain("Added 2 teams to *Platform Two*");
    expect(await say(ORG_ADMIN, "digest org")).toContain("now goes to");
    bot.slack.reset();
    await tickAt(bot.bot.deps, new Date("2026-03-30T09:05:00Z"));
    const digest = posts(bot.slack, ORG_ADMIN.channelId).find((c) => kindOf(c) === "org_digest");
    expect(visibleText(digest?.args)).toContain("Platform Two");
  });
});
