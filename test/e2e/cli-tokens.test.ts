// `npm run mlops -- rotate-key` and `purge` as operators run them: the built CLI in a child process, on the
// suite's Postgres or an embedded database in a folder of the file's own.
import { describe, expect, it } from "vitest";
import { findInstallation, saveInstallation } from "../../src/db/installations.js";
import { openToken } from "../../src/db/token-cipher.js";
import { useCliDatabase } from "../support/cli-database.js";
import { useFakeSlack } from "../support/fixture.js";
import {
  OAUTH_ENV,
  TEST_ENCRYPTION_KEY,
  TEST_PREVIOUS_KEY,
  workspaceInstallation,
} from "../support/oauth.js";
import { posts } from "../support/scheduled.js";
import { seedTeam } from "../support/seed.js";

const { use, mlops } = useCliDatabase("mlops-cli-tokens-");
const database = { use };

const key = (base64: string) => Buffer.from(base64, "base64");
const OLD = { current: key(TEST_PREVIOUS_KEY), previous: undefined };
const NEW = { current: key(TEST_ENCRYPTION_KEY), previous: undefined };

const installation = (teamId: string) =>
  workspaceInstallation(teamId, {
    botRefreshToken: `xoxe-1-${teamId}-refresh`,
    botTokenExpiresAt: new Date("2027-01-01T00:00:00Z"),
  });

describe("rotate-key", () => {
  it("re-encrypts every token with the new key, reading the old ones with the previous key", async () => {
    await database.use(async (db) => {
      await saveInstallation(db, installation("T1ACME"), OLD, new Date());
      await saveInstallation(db, installation("T2BETA"), OLD, new Date());
    });
    const refused = await mlops(["rotate-key"], { TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Nothing was changed");
    expect(refused.stderr).toContain("Set TOKEN_ENCRYPTION_KEY_PREVIOUS");

    const env = {
      TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      TOKEN_ENCRYPTION_KEY_PREVIOUS: TEST_PREVIOUS_KEY,
    };
    const result = await mlops(["rotate-key"], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Re-encrypted 4 tokens of 2 installations with key [0-9a-f]{8}; TOKEN_ENCRYPTION_KEY_PREVIOUS can now be removed\.\n$/,
    );
    await database.use(async (db) => {
      const found = await findInstallation(db, { teamId: "T1ACME", enterpriseId: null }, NEW);
      expect(found?.botToken).toBe("xoxb-T1ACME-secret");
      expect(found?.botRefreshToken).toBe("xoxe-1-T1ACME-refresh");
      const row = await db
        .selectFrom("slack_installations")
        .select("bot_token")
        .where("installation_id", "=", "T2BETA")
        .executeTakeFirstOrThrow();
      expect(() => openToken(row.bot_token, "T2BETA", OLD)).toThrow();
    });
    // Again: nothing is left under the old key.
    expect((await mlops(["rotate-key"], env)).stdout).toContain("Re-encrypted 0 tokens of 2 installations");
  }, 120_000);

  it("needs TOKEN_ENCRYPTION_KEY", async () => {
    const result = await mlops(["rotate-key"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("rotate-key needs TOKEN_ENCRYPTION_KEY");
  });
});

describe("purge --workspace", () => {
  it("shows what it would delete on --dry-run, then deletes it in one go, and only that workspace", async () => {
    await database.use(async (db) => {
      await seedTeam(db, {
        teamId: "T3GONE",
        channelId: "C3",
        createdAt: "2026-11-01T00:00:00Z",
        respondents: ["UONE"],
      });
      await seedTeam(db, {
        teamId: "T4STAY",
        channelId: "C4",
        createdAt: "2026-11-01T00:00:00Z",
        respondents: ["UONE"],
      });
    });
    const dry = await mlops(["purge", "--workspace", "T3GONE", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      [
        "Would delete 3 rows of workspace T3GONE:",
        "  workspaces: 1",
        "  ml_teams: 1",
        "  team_respondents: 1",
        "Nothing was deleted (--dry-run).",
        "",
      ].join("\n"),
    );
    const done = await mlops(["purge", "--workspace", "T3GONE"]);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain("Deleted 3 rows of workspace T3GONE, in one transaction:");
    expect((await mlops(["purge", "--workspace", "T3GONE"])).stdout).toContain(
      "Workspace T3GONE has no rows in this database: nothing to delete.",
    );
    await database.use(async (db) => {
      const left = await db.selectFrom("ml_teams").select("team_id").execute();
      expect(left.map((r) => r.team_id)).toEqual(["T4STAY"]);
    });
  }, 120_000);

  it.each([
    [["purge"], "`purge` needs the workspace to delete"],
    [["purge", "--workspace", "acme"], "is not a Slack workspace id (T…)"],
    [["purge", "--workspace", "T1", "--at", "x"], "`purge` has no --at option"],
  ])("refuses %j with exit code 2", async (args, message) => {
    const result = await mlops(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe("tick in OAuth mode", () => {
  const slack = useFakeSlack();

  it("posts each workspace's prompt with its own installation's token, and needs no bot token nor state secret", async () => {
    await database.use(async (db) => {
      for (const teamId of ["T5ONE", "T6TWO"]) {
        await seedTeam(db, {
          teamId,
          channelId: `C${teamId}`,
          createdAt: "2026-11-01T00:00:00Z",
          respondents: ["UONE"],
        });
        await saveInstallation(
          db,
          workspaceInstallation(teamId, { botToken: `xoxb-${teamId}-own` }),
          NEW,
          new Date(),
        );
      }
      // A workspace with data but no installation (never installed, or its tokens revoked).
      const none = { teamId: "T7NONE", channelId: "CT7NONE", respondents: ["UONE"] };
      await seedTeam(db, { ...none, createdAt: "2026-11-01T00:00:00Z" });
    });
    const { SLACK_STATE_SECRET: _unused, ...env } = OAUTH_ENV;
    const result = await mlops(["tick", "--at", "2026-11-30T10:05:00Z"], {
      ...env,
      SLACK_API_URL: slack.apiUrl,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("posted: 2 prompts");
    // Nothing is sent where no installation serves, and the report says why.
    expect(result.stdout).toMatch(/prompt:\d+:2026-11-30: not_installed/);
    expect(new Set(posts(slack).map((c) => `${c.args.channel} ${c.token}`))).toEqual(
      new Set(["CT5ONE xoxb-T5ONE-own", "CT6TWO xoxb-T6TWO-own"]),
    );
  }, 120_000);
});
