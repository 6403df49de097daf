// The MCP endpoint through the SDK's own client over streamable HTTP, as an assistant would use it.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CriterionId } from "../../src/domain/rubric.js";
import { createApiToken, revokeToken } from "../../src/services/api-tokens.js";
import { useBot } from "../support/fixture.js";
import { seedGroup, seedTeam, snapshot } from "../support/seed.js";
import { LEVEL_1_CHECKED } from "../support/seed-levels.js";

const NOW = new Date("2026-03-25T12:00:00Z");
const bot = useBot({ clock: () => NOW });
const ctx = () => ({ db: bot.db, clock: () => NOW });
const L1 = [...LEVEL_1_CHECKED, "scoring_script_versioned"] as CriterionId[];

let foreignId = 0;
let tokens = 0;
const clients: Client[] = [];

async function connect(workspace = "T0", label = `assistant ${++tokens}`): Promise<Client> {
  const created = await createApiToken(ctx(), { label, scope: { kind: "workspace", id: workspace } });
  if (created.kind !== "created") throw new Error(created.kind);
  return connectWith(created.token);
}

async function connectWith(token: string): Promise<Client> {
  const client = new Client({ name: "test-assistant", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${bot.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

const factsOf = (result: Awaited<ReturnType<Client["callTool"]>>) => {
  const [first] = result.content as { type: string; text: string }[];
  return JSON.parse(first?.text ?? "null") as unknown;
};

beforeAll(async () => {
  const createdAt = "2026-01-01T00:00:00Z";
  const search = await seedTeam(bot.db, { channelId: "CSEARCH", name: "Search", createdAt });
  const ranking = await seedTeam(bot.db, { channelId: "CRANKING", name: "Ranking", createdAt });
  foreignId = await seedTeam(bot.db, { teamId: "T9", channelId: "CSECRET", name: "Secret", createdAt });
  for (const id of [search, ranking, foreignId]) {
    await snapshot(bot.db, {
      mlTeamId: id,
      period: "2026-03-09",
      met: [...L1, "managed_compute"],
      teamId: id === foreignId ? "T9" : "T0",
    });
  }
  await snapshot(bot.db, { mlTeamId: search, period: "2026-03-16", met: [...L1, "managed_compute"] });
  await snapshot(bot.db, { mlTeamId: ranking, period: "2026-03-16", met: L1 });
  await snapshot(bot.db, { mlTeamId: foreignId, period: "2026-03-16", met: L1, teamId: "T9" });
  await seedGroup(bot.db, { name: "Recommendations", mlTeamIds: [search, ranking] });
});

describe("the MCP endpoint", () => {
  it("offers five read-only tools", async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "group_rollup",
      "list_teams",
      "practices_lost",
      "team_history",
      "team_status",
    ]);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it("answers which teams lost a practice last week, with each team's channel, and nothing of another workspace", async () => {
    const client = await connect();
    const lost = factsOf(await client.callTool({ name: "practices_lost", arguments: { days: 7 } }));
    expect(lost).toEqual([
      {
        team: { id: expect.any(Number), name: "Ranking", channelId: "CRANKING" },
        channel: "<#CRANKING>",
        period: "2026-03-16",
        lost: ["managed_compute"],
        lostTitles: ["Training compute is managed"],
      },
    ]);
    const teams = factsOf(await client.callTool({ name: "list_teams", arguments: {} })) as {
      items: { id: number; name: string }[];
    };
    expect(teams.items.map((t) => t.name)).toEqual(["Search", "Ranking"]);
    const hidden = await client.callTool({ name: "team_status", arguments: { id: foreignId } });
    expect(hidden.isError).toBe(true);
    expect(
      factsOf(await client.callTool({ name: "group_rollup", arguments: { name: "RECOMMENDATIONS" } })),
    ).toMatchObject({
      name: "Recommendations",
      teams: 2,
      lostPractice: [{ name: "Ranking", lost: ["managed_compute"] }],
    });
    const history = factsOf(
      await client.callTool({ name: "team_history", arguments: { id: teams.items[0]?.id } }),
    ) as {
      items: { period: string }[];
    };
    expect(history.items.map((r) => r.period)).toEqual(["2026-03-16", "2026-03-09"]);
  });

  it("refuses a missing, wrong or revoked token", async () => {
    await expect(connectWith(`mlops_${"B".repeat(43)}`)).rejects.toThrow(/unauthorized/);
    const created = await createApiToken(ctx(), {
      label: "soon revoked",
      scope: { kind: "workspace", id: "T0" },
    });
    if (created.kind !== "created") throw new Error(created.kind);
    const client = await connectWith(created.token);
    await revokeToken(ctx(), "soon revoked");
    await expect(client.callTool({ name: "list_teams", arguments: {} })).rejects.toThrow(/unauthorized/);
    const anonymous = await fetch(`${bot.url}/mcp`, { method: "POST", body: "{}" });
    expect(anonymous.status).toBe(401);
  });
});
