import { describe, expect, it, vi } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { newTeam } from "../../../support/flows.js";
import { visibleText } from "../../../support/messages.js";
import { lastView } from "../../../support/modal-state.js";
import { type Actor, ALICE, BOB } from "../../../support/payloads.js";
import { CAROL, joinChannel, NOT_OUR_WORKSPACE } from "../../../support/people.js";
import { teamIdIn } from "../../../support/rows.js";

const MALLORY: Actor = { teamId: "T1OTHER", userId: "UMALLORY" };

const bot = useBot({ clock: () => new Date("2026-11-25T12:00:00Z") });
const teamNamed = (name?: string) => newTeam(bot, name, "check");

describe("the open_checkin button", () => {
  it("opens the check-in of the team named by its value, wherever it is clicked", async () => {
    const where = await teamNamed("Buttoned");
    const teamId = await teamIdIn(bot.db, where.channelId);
    const res = await bot.click("open_checkin", {
      actor: BOB,
      value: String(teamId),
      channelId: "CELSEWHERE",
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(lastView(bot.slack).private_metadata).toContain(`"mlTeamId":${teamId}`));
    expect(visibleText(lastView(bot.slack).blocks[0])).toContain("Buttoned");
  });

  it("falls back to the team of the message's channel when it carries no value", async () => {
    const where = await teamNamed("Fallback");
    const before = bot.slack.callsTo("views.open").length;
    await bot.click("open_checkin", { actor: BOB, channelId: where.channelId });
    await vi.waitFor(() => expect(bot.slack.callsTo("views.open").length).toBeGreaterThan(before));
    expect(visibleText(lastView(bot.slack).blocks[0])).toContain("Fallback");
  });

  it("from another workspace, is refused and opens nothing", async () => {
    const where = await teamNamed();
    const teamId = await teamIdIn(bot.db, where.channelId);
    const opened = bot.slack.callsTo("views.open").length;
    const responded = bot.slack.responses.length;
    await bot.click("open_checkin", { actor: MALLORY, value: String(teamId) });
    await vi.waitFor(() => expect(bot.slack.responses.length).toBeGreaterThan(responded));
    expect(String(bot.slack.responses.at(-1)?.body.text)).toContain(NOT_OUR_WORKSPACE);
    expect(bot.slack.callsTo("views.open")).toHaveLength(opened);
  });

  it("in a message, tells someone outside the team why they cannot answer, and opens nothing", async () => {
    const where = await teamNamed("Members Only");
    joinChannel(bot.slack, where.channelId, ALICE.userId);
    const opened = bot.slack.callsTo("views.open").length;
    const responded = bot.slack.responses.length;
    await bot.click("open_checkin", { actor: CAROL, channelId: where.channelId });
    await vi.waitFor(() => expect(bot.slack.responses.length).toBeGreaterThan(responded));
    const reply = bot.slack.responses.at(-1)?.body;
    expect(reply).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(visibleText(reply)).toContain(
      "*Members Only* is answered for by its respondents and the members of",
    );
    expect(bot.slack.callsTo("views.open")).toHaveLength(opened);
  });

  it("in the App Home, shows the same refusal in a modal", async () => {
    const where = await teamNamed("Home Guard");
    joinChannel(bot.slack, where.channelId, ALICE.userId);
    const teamId = await teamIdIn(bot.db, where.channelId);
    const opened = bot.slack.callsTo("views.open").length;
    await bot.click("open_checkin", { actor: CAROL, value: String(teamId), container: "view" });
    await vi.waitFor(() => expect(bot.slack.callsTo("views.open").length).toBeGreaterThan(opened));
    expect(visibleText(lastView(bot.slack))).toContain("Not your team");
    expect(visibleText(lastView(bot.slack))).toContain("*Home Guard* is answered for by its respondents");
  });
});
