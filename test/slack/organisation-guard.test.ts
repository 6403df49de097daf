import { describe, expect, it, vi } from "vitest";
import { SETUP_CALLBACK } from "../../src/slack/ids.js";
import { useBot } from "../support/fixture.js";
import { replyOf } from "../support/harness.js";
import { capturingLogger } from "../support/logger.js";
import { ALICE, appHomeOpened } from "../support/payloads.js";
import { GRID, STRANGER } from "../support/people.js";

const REFUSED = /^:no_entry: This request comes from .*, so nothing was done\./;

async function workspaceRow(db: ReturnType<typeof useBot>["db"], teamId: string) {
  return db.selectFrom("workspaces").selectAll().where("team_id", "=", teamId).executeTakeFirst();
}

describe("a bot installed in a workspace of Enterprise Grid organisation E1", () => {
  const log = capturingLogger("warn");
  const bot = useBot({
    logger: log.logger,
    beforeStart: (slack) => {
      slack.workspace.identity.enterpriseId = "E1";
    },
  });
  const inE1 = { ...ALICE, enterpriseId: "E1" };

  it("stores the organisation Slack names for its token at start", async () => {
    expect(await workspaceRow(bot.db, "T0")).toMatchObject({ enterprise_id: "E1" });
  });

  it("serves requests from its organisation", async () => {
    const reply = await replyOf(await bot.command("digest", { actor: inE1, channelId: "CLEADS" }));
    expect(reply.text).not.toMatch(REFUSED);
    expect(await workspaceRow(bot.db, "T0")).toMatchObject({
      enterprise_id: "E1",
      digest_channel_id: "CLEADS",
    });
  });

  it("refuses a request naming another organisation, says so, logs it, and changes nothing", async () => {
    const before = await workspaceRow(bot.db, "T0");
    const reply = await replyOf(
      await bot.command("digest", { actor: { ...ALICE, enterpriseId: "E2" }, channelId: "COTHER" }),
    );
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toBe(
      ":no_entry: This request comes from organisation `E2`, but this MLOps bot is installed for organisation `E1`, so nothing was done. If the app was moved, reinstall it where you use it.",
    );
    expect(await workspaceRow(bot.db, "T0")).toEqual(before);
    expect(log.lines()).toContainEqual(
      expect.objectContaining({
        msg: "request from another Enterprise Grid organisation than the bot's: refused",
        requestEnterpriseId: "E2",
        installedEnterpriseId: "E1",
      }),
    );
  });

  it("refuses a modal submission naming another organisation under its first field", async () => {
    const res = await bot.submit(
      SETUP_CALLBACK,
      {},
      { actor: { ...ALICE, enterpriseId: "E2" }, blocks: [{ type: "input", block_id: "setup:name" }] },
    );
    expect(await res.json()).toEqual({
      response_action: "errors",
      errors: { "setup:name": expect.stringMatching(REFUSED) },
    });
  });
});

describe("a bot installed in a workspace outside any organisation", () => {
  const bot = useBot();

  it("refuses a request that names an organisation, and stores nothing for it", async () => {
    const reply = await replyOf(await bot.command("digest", { actor: GRID, channelId: "CGRID" }));
    expect(reply.text).toBe(
      ":no_entry: This request comes from organisation `E1`, but this MLOps bot is installed for a workspace outside any organisation, so nothing was done. If the app was moved, reinstall it where you use it.",
    );
    expect(await workspaceRow(bot.db, GRID.teamId)).toBeUndefined();
    expect(await workspaceRow(bot.db, "T0")).toMatchObject({ enterprise_id: null });
  });
});

describe("a bot whose one token belongs to workspace T0", () => {
  const log = capturingLogger("warn");
  const bot = useBot({ logger: log.logger });

  it("refuses /mlops setup naming another workspace, logs it, opens nothing and stores nothing", async () => {
    const opened = bot.slack.callsTo("views.open").length;
    const reply = await replyOf(await bot.command("setup", { actor: STRANGER, channelId: "CTEAM" }));
    expect(reply).toMatchObject({
      response_type: "ephemeral",
      text: ":no_entry: This request comes from workspace `T9`, but this MLOps bot is installed for workspace `T0`, so nothing was done. If the app was moved, reinstall it where you use it.",
    });
    await new Promise((r) => setTimeout(r, 200)); // a listener would open the modal after its ack
    expect(bot.slack.callsTo("views.open").length).toBe(opened);
    expect(await workspaceRow(bot.db, STRANGER.teamId)).toBeUndefined();
    expect(log.lines()).toContainEqual(
      expect.objectContaining({
        msg: "request from another workspace than the bot's: refused",
        teamId: "T9",
        installedTeamId: "T0",
      }),
    );
  });

  it("serves an event Slack addresses to T0 from a shared channel (Slack Connect), though its team_id is theirs", async () => {
    const published = bot.slack.callsTo("views.publish").length;
    const envelope = appHomeOpened(STRANGER);
    const res = await bot.event({
      ...envelope,
      authorizations: [{ enterprise_id: null, team_id: "T0", user_id: "UBOT", is_bot: true }],
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(bot.slack.callsTo("views.publish").length).toBeGreaterThan(published));
  });
});
