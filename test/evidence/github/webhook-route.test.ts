// GitHub's own example payloads (moved to our demo repositories), signed and sent to the running bot.
import { request as httpRequest } from "node:http";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { linkSubject } from "../../../src/db/evidence.js";
import { useBot } from "../../support/fixture.js";
import { githubExample, githubExampleFor } from "../../support/github-examples.js";
import { deliver, githubEnv } from "../../support/github-webhooks.js";
import { capturingLogger } from "../../support/logger.js";
import { resetTables, seedTeam } from "../../support/seed.js";

const log = capturingLogger("warn");
const bot = useBot({ env: githubEnv(), logger: log.logger });
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
    const forged = await deliver(bot.url, "workflow_run", payload, {
      secret: "not-the-secret",
      deliveryId: "d-1",
    });
    expect(forged.status).toBe(401);
    // The operator sees why in the log: a secret that differs from the App's would otherwise fail silently.
    expect(log.lines().filter((l) => l.deliveryId === "d-1")).toEqual([
      expect.objectContaining({
        msg: "refused a GitHub webhook delivery",
        status: 401,
        reason: "bad or missing X-Hub-Signature-256",
        event: "workflow_run",
      }),
    ]);
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

  // A sender that writes its whole body before reading the answer, as GitHub's does, must get the 413 rather
  // than a connection closed under it: with its length declared, and chunked.
  it.each([
    ["declared", true],
    ["chunked", false],
  ])("answers a sender still writing a 20 MB body (%s) with 413", async (_, declared) => {
    const answer = await sendWholly(Buffer.alloc(20 * 1024 * 1024, "x"), declared);
    expect(answer).toEqual({
      status: 413,
      text: JSON.stringify({ error: "bodies over 5242880 bytes are refused" }),
    });
    expect(await counts()).toEqual({ signals: 0, deliveries: 0 });
  });

  it("cuts the connection of a body declared over GitHub's own 25 MB cap, reading none of it", async () => {
    const answer = await sendWholly(Buffer.alloc(30 * 1024 * 1024, "x"), true);
    expect(answer.status).toBe(0);
    expect(answer.failed).toMatch(/^(ECONNRESET|EPIPE)$/);
    expect(await counts()).toEqual({ signals: 0, deliveries: 0 });
  });

  /** Sends `body` to its end before reading anything, as GitHub's sender does; what came back, and any failure. */
  function sendWholly(body: Buffer, declared: boolean) {
    return new Promise<{ status: number; text: string; failed?: string }>((resolve) => {
      const request = httpRequest(`${bot.url}/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": "big-one",
          ...(declared ? { "content-length": String(body.length) } : {}),
        },
      });
      let failed: string | undefined;
      let answered = { status: 0, text: "" };
      request.on("response", (response) => {
        response.on("data", (chunk: Buffer) => {
          answered.text += chunk.toString();
        });
        answered = { ...answered, status: response.statusCode ?? 0 };
      });
      // Sending the body must not fail either (a connection closed under it: EPIPE, ECONNRESET).
      request.on("error", (err: NodeJS.ErrnoException) => {
        failed = err.code ?? err.message;
      });
      request.on("close", () => resolve({ ...answered, ...(failed ? { failed } : {}) }));
      // Written in 64 kB pieces, as a socket takes them, to its end before anything is read.
      for (let at = 0; at < body.length; at += 65_536) request.write(body.subarray(at, at + 65_536));
      request.end();
    });
  }

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
