// "Done means" of OAuth mode, as a new user would try it: the bot started with a client id, secret, state
// secret and encryption key only; two workspaces installed through /slack/install and /slack/oauth_redirect;
// `/mlops setup` in each opens its modal with that workspace's token; the Monday tick posts each one's
// messages with its own token; after app_uninstalled for one nothing more is posted there; no token in a dump.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { RecordedCall } from "../../src/fake-slack/server.js";
import { TEST_DATABASE_URL } from "../support/database.js";
import { useBot, useDatabase } from "../support/fixture.js";
import { setUpTeam } from "../support/flows.js";
import { ACME, BETA, installThroughRoutes, nextMondayAt, OAUTH_ENV } from "../support/oauth.js";
import { eventEnvelope } from "../support/payloads.js";
import { kindOf, posts, tickAt } from "../support/scheduled.js";

const database = useDatabase();
const bot = useBot({ env: OAUTH_ENV, database: () => database.handle });

const tokensOf = (teamId: string) => bot.slack.workspace.oauth.tokensOf(teamId);
const callsSince = (from: number): RecordedCall[] => bot.slack.calls.slice(from);

describe("OAuth mode, as a new user tries it", () => {
  it("installs two workspaces, serves each with its own token, and stops one on uninstall", async () => {
    const { slack } = bot;
    for (const [where, name] of [
      [ACME, "Acme ML"],
      [BETA, "Beta AI"],
    ] as const) {
      const res = await installThroughRoutes(bot, {
        teamId: where.actor.teamId,
        teamName: name,
        userId: where.actor.userId,
      });
      const page = await res.text();
      expect(res.status, page).toBe(200);
      expect(page).toContain(name);
      expect(page).toContain("/mlops setup");
    }
    const [acmeToken] = tokensOf(ACME.actor.teamId);
    const [betaToken] = tokensOf(BETA.actor.teamId);
    expect(acmeToken).toBeDefined();
    expect(betaToken).toBeDefined();

    // `/mlops setup` in each workspace opens its modal with that workspace's token, and only that one.
    for (const [where, token] of [
      [ACME, acmeToken],
      [BETA, betaToken],
    ] as const) {
      const from = slack.calls.length;
      const confirmation = await setUpTeam(bot, where, {
        name: `${where.channelName} team`,
        respondents: [where.actor.userId],
        timeZone: "UTC",
      });
      expect(confirmation).toContain(`${where.channelName} team`);
      const made = callsSince(from);
      expect(made.map((c) => c.method)).toContain("views.open");
      expect(new Set(made.map((c) => c.token))).toEqual(new Set([token]));
    }

    // The Monday tick posts each workspace's prompt with its own token.
    slack.reset();
    await tickAt(bot.bot.deps, nextMondayAt(10, 5));
    const prompts = posts(slack);
    expect(prompts.map((c) => [c.args.channel, c.token]).sort()).toEqual(
      [
        [ACME.channelId, acmeToken],
        [BETA.channelId, betaToken],
      ].sort(),
    );

    // Acme uninstalls: Slack revokes its tokens and tells the bot; its installation (tokens) is gone at once.
    slack.workspace.oauth.revoke(ACME.actor.teamId);
    const res = await bot.event(eventEnvelope({ type: "app_uninstalled" }, ACME.actor));
    expect(res.status).toBe(200);
    await expect
      .poll(async () =>
        (await bot.db.selectFrom("slack_installations").select("installation_id").execute()).map(
          (r) => r.installation_id,
        ),
      )
      .toEqual([BETA.actor.teamId]);

    // The next Monday: Beta's messages (its digest, nudges and prompt) only, and no call with Acme's token.
    slack.reset();
    await tickAt(bot.bot.deps, nextMondayAt(10, 5, 7));
    expect(posts(slack).map(kindOf)).toContain("prompt");
    expect(new Set(posts(slack).map((c) => `${c.args.channel} ${c.token}`))).toEqual(
      new Set([`${BETA.channelId} ${betaToken}`]),
    );
    expect(slack.calls.filter((c) => c.token === acmeToken)).toEqual([]);

    // No token is readable in the database: not in the rows, and not in a pg_dump of it (on Postgres).
    const stored = await bot.db.selectFrom("slack_installations").selectAll().execute();
    expect(stored.map((r) => r.bot_token.startsWith("v1."))).toEqual([true]);
    const everyToken = [...slack.workspace.oauth.tokens.keys()];
    expect(JSON.stringify(stored)).not.toMatch(/xox/);
    if (TEST_DATABASE_URL) {
      const dump = await pgDump(database.handle.url);
      expect(dump).toContain("slack_installations");
      for (const token of everyToken) expect(dump).not.toContain(token);
      expect(dump).not.toMatch(/xox[be]/);
    }
  });
});

async function pgDump(url: string | undefined): Promise<string> {
  if (!url) throw new Error("pg_dump needs the test database's URL");
  const { stdout } = await promisify(execFile)("/usr/lib/postgresql/15/bin/pg_dump", ["--no-owner", url], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
