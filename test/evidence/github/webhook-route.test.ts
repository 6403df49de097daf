// GitHub's own example payloads (moved to our demo repositories), signed and sent to the running bot.
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { linkSubject } from "../../../src/db/evidence.js";
import { useBot } from "../../support/fixture.js";
import { githubExample, githubExampleFor } from "../../support/github-examples.js";
import { deliver, githubEnv } from "../../support/github-webhooks.js";
import { resetTables, seedTeam } from "../../support/seed.js";

const bot = useBot({ env: githubEnv() });
const LINKED = "acme/web";

async function counts() {
  const { rows } = await sql<{ signals: number; deliveries: number }>`select
    (select count(*)::int from evidence_signals) as signals,
    (select count(*)::int from github_deliveries) as deliveries`.execute(bot.db);
  return rows[0];
}

async function storedIn(teamId: string) {
  return bot.db
    .selectFrom("evidence_signals")
    .select(["kind", "subject", "external_id", "url"])
    .where("team_id", "=", teamId)
    .orderBy("id")
    .execute();
}

beforeEach(async () => {
  await resetTables(bot.db);
  // Workspace TA linked acme/web; TB has a team too, and linked nothing.
  const linked = await seedTeam(bot.db, { teamId: "TA", channelId: "C1", createdAt: "2026-11-01T00:00:00Z" });
  await seedTeam(bot.db, { teamId: "TB", channelId: "C1", createdAt: "2026-11-01T00:00:00Z" });
  await linkSubject(bot.db, {
    mlTeamId: linked,
    teamId: "TA",
    subjectKind: "repository",
    subject: LINKED,
    linkedBy: "U1",
  });
});

describe("POST /github/webhooks", () => {
  it("stores a signed workflow_run once, in the workspace that linked the repository only", async () => {
    const payload = githubExampleFor("Acme/Web", "workflow_run", 1);
    const started = Date.now();
    const response = await deliver(bot.url, "workflow_run", payload, { deliveryId: "d-1" });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: "stored", signals: 1, workspaces: 1 });
    expect(await storedIn("TA")).toEqual([
      {
        kind: "workflow_run",
        subject: "acme/web",
        external_id: "289782451:1",
        url: "https://github.com/octo-org/octo-repo/actions/runs/289782451",
      },
    ]);
    expect(await storedIn("TB")).toEqual([]);

    const again = await deliver(bot.url, "workflow_run", payload, { deliveryId: "d-1" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ outcome: "seen" });
    expect(await counts()).toEqual({ signals: 1, deliveries: 1 });
  });

  it("refuses a forged or missing signature with 401 and stores nothing", async () => {
    const payload = githubExampleFor(LINKED, "workflow_run", 1);
    expect((await deliver(bot.url, "workflow_run", payload, { secret: "not-the-secret" })).status).toBe(401);
    expect((await deliver(bot.url, "workflow_run", payload, { secret: false })).status).toBe(401);
    // Signed, then changed on the way.
    const tampered = JSON.stringify(payload);
    const response = await fetch(`${bot.url}/github/webhooks`, {
      method: "POST",
      headers: {
        "x-github-event": "workflow_run",
        "x-github-delivery": "d-2",
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
      body: tampered,
    });
    expect(response.status).toBe(401);
    expect(await counts()).toEqual({ signals: 0, deliveries: 0 });
  });

  it("answers 202 and keeps nothing for a repository no team linked", async () => {
    const response = await deliver(bot.url, "workflow_run", githubExample("workflow_run", 1));
    expect(response.status).toBe(202);
    expect(await counts()).toEqual({ signals: 0, deliveries: 0 });
  });

  it("refuses a body over 5 MB with 413", async () => {
    const payload = githubExampleFor(LINKED, "push", 0);
    const body = JSON.stringify({ ...payload, padding: "x".repeat(5 * 1024 * 1024) });
    const response = await deliver(bot.url, "push", payload, { body });
    expect(response.status).toBe(413);
    expect(await counts()).toEqual({ signals: 0, deliveries: 0 });
  });

  it.each([
    ["workflow_run", 1, "workflow_run"],
    ["check_suite", 0, "check_suite"],
    ["check_run", 1, "check_run"],
    ["deployment", 0, "deployment"],
    ["deployment_status", 0, "deployment"],
    ["push", 0, "push"],
  ])("takes GitHub's example %s (number %i) as a %s signal", async (event, index, kind) => {
    const response = await deliver(bot.url, event, githubExampleFor(LINKED, event, index));
    expect(response.status).toBe(200);
    expect((await storedIn("TA")).map((s) => [s.kind, s.subject])).toEqual([[kind, LINKED]]);
  });

  it.each([
    ["installation", 1],
    ["installation_repositories", 0],
  ])("takes GitHub's example %s, which names no repository, and stores no signal", async (event, index) => {
    const response = await deliver(bot.url, event, githubExample(event, index));
    expect(response.status).toBe(200);
    expect(await counts()).toEqual({ signals: 0, deliveries: 1 });
  });
});
