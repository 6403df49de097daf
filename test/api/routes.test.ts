import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CriterionId } from "../../src/domain/rubric.js";
import { createApiToken, revokeToken } from "../../src/services/api-tokens.js";
import { useBot } from "../support/fixture.js";
import { capturingLogger } from "../support/logger.js";
import { described } from "../support/openapi.js";
import { answer, seedGroup, seedTeam, snapshot } from "../support/seed.js";
import { LEVEL_1_CHECKED } from "../support/seed-levels.js";

const NOW = new Date("2026-03-25T12:00:00Z");
const logs = capturingLogger("info");
const bot = useBot({ clock: () => NOW, logger: logs.logger });
const ctx = () => ({ db: bot.db, clock: () => NOW });

const L1 = [...LEVEL_1_CHECKED, "scoring_script_versioned"] as CriterionId[];
const ids: number[] = [];
let foreignId = 0;
let token = "";

async function issue(label: string, workspace = "T0"): Promise<string> {
  const created = await createApiToken(ctx(), { label, scope: { kind: "workspace", id: workspace } });
  if (created.kind !== "created") throw new Error(`no token: ${created.kind}`);
  return created.token;
}

const get = (path: string, bearer: string | null = token) =>
  fetch(`${bot.url}${path}`, bearer === null ? {} : { headers: { authorization: `Bearer ${bearer}` } });

beforeAll(async () => {
  const createdAt = "2026-01-01T00:00:00Z";
  for (const name of ["Search", "Ranking", "Vision", "Speech", "Ads"]) {
    ids.push(await seedTeam(bot.db, { channelId: `C${name.toUpperCase()}`, name, createdAt }));
  }
  foreignId = await seedTeam(bot.db, { teamId: "T9", channelId: "CSECRET", name: "Secret", createdAt });
  const [search = 0, ranking = 0] = ids;
  await answer(bot.db, { mlTeamId: search, period: "2026-03-23", userId: "UALICE", met: L1 });
  await snapshot(bot.db, { mlTeamId: ranking, period: "2026-03-09", met: [...L1, "managed_compute"] });
  await snapshot(bot.db, { mlTeamId: ranking, period: "2026-03-16", met: L1 });
  await seedGroup(bot.db, { name: "Recommendations", mlTeamIds: [search, ranking] });
});

// Each test its own token: the bot's clock stands still, so a token's 20 requests a second never refill.
let tokens = 0;
beforeEach(async () => {
  tokens += 1;
  token = await issue(`dashboards ${tokens}`);
});

describe("the read API", () => {
  it("lists the token's workspace's teams in keyset pages, each described by the OpenAPI document", async () => {
    const seen: { id: number; name: string; workspaceId: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? "?limit=2" : `?limit=2&cursor=${cursor}`;
      const page = (await described(await get(`/api/v1/teams${query}`), "/api/v1/teams", 200)) as {
        items: { id: number; name: string; workspaceId: string }[];
        nextCursor: string | null;
      };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.map((t) => t.name)).toEqual(["Search", "Ranking", "Vision", "Speech", "Ads"]);
    expect(new Set(seen.map((t) => t.workspaceId))).toEqual(new Set(["T0"]));

    const all = (await described(await get("/api/v1/teams"), "/api/v1/teams", 200)) as {
      items: { name: string; level: number | null; next: string | null }[];
    };
    expect(all.items[0]).toMatchObject({ name: "Search", level: 1, next: "ds_de_collaboration" });
  });

  it("shows one team and its history, and nothing of another workspace's team (404, not 403)", async () => {
    const [search = 0, ranking = 0] = ids;
    const team = await described(await get(`/api/v1/teams/${search}`), "/api/v1/teams/{id}", 200);
    expect(team).toMatchObject({
      name: "Search",
      level: 1,
      round: { period: "2026-03-23", respondents: 1 },
      groups: ["Recommendations"],
    });
    const history = (await described(
      await get(`/api/v1/teams/${ranking}/history?limit=1`),
      "/api/v1/teams/{id}/history",
      200,
    )) as { items: { period: string; lost: string[] }[]; nextCursor: string };
    expect(history.items).toMatchObject([{ period: "2026-03-16", lost: ["managed_compute"] }]);
    const older = (await described(
      await get(`/api/v1/teams/${ranking}/history?cursor=${history.nextCursor}`),
      "/api/v1/teams/{id}/history",
      200,
    )) as { items: { period: string }[]; nextCursor: string | null };
    expect(older).toMatchObject({ items: [{ period: "2026-03-09" }], nextCursor: null });

    const hidden = await described(await get(`/api/v1/teams/${foreignId}`), "/api/v1/teams/{id}", 404);
    expect(hidden).toEqual({ error: "not_found", message: "No team with this id in this token's scope." });
    await described(await get(`/api/v1/teams/${foreignId}/history`), "/api/v1/teams/{id}/history", 404);
    await described(await get("/api/v1/teams/99999"), "/api/v1/teams/{id}", 404);
  });

  it("rolls up a group by name in any case, and lists the groups", async () => {
    const groups = await described(await get("/api/v1/groups"), "/api/v1/groups", 200);
    expect(groups).toEqual({
      items: [{ name: "Recommendations", workspaceId: "T0", teams: 2 }],
      nextCursor: null,
    });
    const rollup = await described(await get("/api/v1/groups/recommendations"), "/api/v1/groups/{name}", 200);
    expect(rollup).toMatchObject({
      name: "Recommendations",
      teams: 2,
      perLevel: [0, 1, 0, 0, 0],
      unassessed: 1,
      lostPractice: [{ name: "Ranking", channelId: "CRANKING", lost: ["managed_compute"] }],
    });
    await described(await get("/api/v1/groups/Nope"), "/api/v1/groups/{name}", 404);
  });

  it("refuses malformed cursors, limits and ids with 400", async () => {
    for (const path of [
      "/api/v1/teams?cursor=garbage!",
      `/api/v1/teams?cursor=${Buffer.from('{"id":-3}').toString("base64url")}`,
      `/api/v1/teams?cursor=${Buffer.from('{"period":"2026-01-01"}').toString("base64url")}`,
      "/api/v1/teams?limit=201",
      "/api/v1/teams?limit=0",
      "/api/v1/groups?cursor=e30",
    ]) {
      await described(
        await get(path),
        path.startsWith("/api/v1/groups") ? "/api/v1/groups" : "/api/v1/teams",
        400,
      );
    }
    for (const id of ["abc", "1.5", "-1", "1e3", "99999999999"]) {
      await described(await get(`/api/v1/teams/${id}`), "/api/v1/teams/{id}", 400);
    }
    await described(
      await get(`/api/v1/teams/${ids[0]}/history?cursor=xyz`),
      "/api/v1/teams/{id}/history",
      400,
    );
    // A malformed %-escape in the path, with or without a token: the caller's mistake, said as one.
    for (const bearer of [token, null]) {
      const malformed = await described(
        await get("/api/v1/groups/%ZZ", bearer),
        "/api/v1/groups/{name}",
        400,
      );
      expect(malformed).toMatchObject({
        error: "bad_request",
        message: expect.stringMatching(/malformed %-escape/),
      });
    }
  });

  it("answers 401 without a token, with a wrong one and at once with a revoked one; never logs a token", async () => {
    const missing = await get("/api/v1/teams", null);
    await described(missing, "/api/v1/teams", 401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    await described(await get("/api/v1/teams", `mlops_${"A".repeat(43)}`), "/api/v1/teams", 401);
    await described(await get("/api/v1/teams", "not-even-close"), "/api/v1/teams", 401);

    const short = await issue("short-lived");
    await described(await get("/api/v1/teams", short), "/api/v1/teams", 200);
    expect(await revokeToken(ctx(), "short-lived")).toBe(true);
    await described(await get("/api/v1/teams", short), "/api/v1/teams", 401);

    const other = await issue("other-workspace", "T9");
    const theirs = (await described(await get("/api/v1/teams", other), "/api/v1/teams", 200)) as {
      items: { name: string }[];
    };
    expect(theirs.items.map((t) => t.name)).toEqual(["Secret"]);
    await described(await get(`/api/v1/teams/${ids[0]}`, other), "/api/v1/teams/{id}", 404);
    expect(JSON.stringify(logs.lines())).not.toContain(short.slice(6, 20));
    expect(JSON.stringify(logs.lines())).not.toContain(token.slice(6, 20));
  });

  it("allows 20 requests a second per token, then 429 with Retry-After; other tokens are unaffected", async () => {
    const busy = await issue("busy");
    // The bot's clock stands still here, so no second passes: exactly the burst of 20 goes through.
    const replies = await Promise.all(Array.from({ length: 30 }, () => get("/api/v1/groups", busy)));
    const limited = replies.filter((r) => r.status === 429);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(20);
    expect(limited).toHaveLength(10);
    const [first] = limited;
    expect(Number(first?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    if (first) await described(first, "/api/v1/groups", 429);
    await described(await get("/api/v1/groups"), "/api/v1/groups", 200);
  });

  it("serves its OpenAPI 3.1 document without a token", async () => {
    const res = await get("/api/v1/openapi.json", null);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual([
      "/api/v1/teams",
      "/api/v1/teams/{id}",
      "/api/v1/teams/{id}/history",
      "/api/v1/groups",
      "/api/v1/groups/{name}",
      "/api/v1/openapi.json",
    ]);
  });
});
