import { describe, expect, it, vi } from "vitest";
import { type BotFixture, useBot } from "../../../support/fixture.js";
import { checkIn, openHome as openHomeOf, setUpTeam, submitModal } from "../../../support/flows.js";
import { FORM } from "../../../support/harness.js";
import { checkinValues, lastView, type ViewJson } from "../../../support/modal-state.js";
import { type Actor, appHomeOpened, buttonClick, eventEnvelope } from "../../../support/payloads.js";
import { seedGroup } from "../../../support/seed.js";
import { LEVEL_1_CHECKED } from "../../../support/seed-levels.js";

const ALICE: Actor = { teamId: "T0", userId: "UALICE" };
const BOB: Actor = { teamId: "T0", userId: "UBOB" };
const NEWBIE: Actor = { teamId: "T0", userId: "UNEW" };

/** Alice's team (named to test escaping), which she and Bob answer for, and Bob's own team "Vision". */
async function setUpTwoTeams(started: BotFixture): Promise<void> {
  const platform = { actor: ALICE, channelId: "CHOME1", channelName: "ml-platform" };
  await setUpTeam(started, platform, {
    name: "<!channel> platform",
    respondents: [ALICE.userId, BOB.userId],
  });
  await checkIn(started, platform, {
    people: "siloed",
    release: "scoring_script_versioned",
    checked: LEVEL_1_CHECKED,
  });
  await setUpTeam(
    started,
    { actor: BOB, channelId: "CHOME2", channelName: "ml-vision" },
    { name: "Vision", respondents: [BOB.userId] },
  );
}

const bot = useBot({ clock: () => new Date("2026-11-25T12:00:00Z"), setup: setUpTwoTeams });

const openHome = (actor: Actor): Promise<ViewJson> => openHomeOf(bot, actor);

const teamBlock = (view: ViewJson, name: string) => view.blocks.find((b) => b.text?.text.includes(name));

describe("the App Home", () => {
  it("shows the teams the person answers for, with level, next prerequisite and a check-in button", async () => {
    const view = await openHome(ALICE);
    expect(view.type).toBe("home");
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const platform = teamBlock(view, "platform");
    expect(platform?.text?.text).toContain("*&lt;!channel&gt; platform* · <#CHOME1>");
    expect(platform?.text?.text).toContain(
      "Level 1 — DevOps but no MLOps · next: Data scientists and data engineers work together directly",
    );
    expect(platform?.text?.text).toContain("You answered this round.");
    expect(platform?.accessory).toMatchObject({
      type: "button",
      action_id: "open_checkin",
      value: expect.stringMatching(/^\d+$/),
    });
    expect(teamBlock(view, "Vision")).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain("<!channel>");
  });

  it("explains the five levels", async () => {
    const view = await openHome(BOB);
    const levels = view.blocks.find((b) => b.block_id === "home:levels")?.text?.text ?? "";
    for (const name of [
      "No MLOps",
      "DevOps but no MLOps",
      "Automated Training",
      "Automated Model Deployment",
      "Full MLOps Automated Operations",
    ]) {
      expect(levels).toContain(name);
    }
    expect(teamBlock(view, "Vision")?.text?.text).toContain("No answers yet");
    expect(teamBlock(view, "platform")?.text?.text).toContain("You have not answered this round yet.");
  });

  it("tells someone without a team how to get one", async () => {
    const view = await openHome(NEWBIE);
    expect(view.blocks.find((b) => b.block_id === "home:no-teams")?.text?.text).toContain(
      "Run `/mlops setup` in your team's channel",
    );
  });

  it("publishes nothing for another workspace, even to the same user id", async () => {
    const before = bot.slack.callsTo("views.publish").length;
    const res = await bot.event(appHomeOpened({ teamId: "T1OTHER", userId: ALICE.userId }));
    expect(res.status).toBe(200);
    // Something observable after it: Bob opens his Home; nothing went to the other workspace's Alice.
    await openHome(BOB);
    const published = bot.slack.callsTo("views.publish").slice(before);
    expect(published.map((c) => c.args.user_id)).toEqual([BOB.userId]);
  });

  it("ignores the Messages tab", async () => {
    const before = bot.slack.callsTo("views.publish").length;
    const res = await bot.event(
      eventEnvelope({
        type: "app_home_opened",
        user: ALICE.userId,
        channel: "DUALICE",
        tab: "messages",
        event_ts: "1.0",
      }),
    );
    expect(res.status).toBe(200);
    // Something observable after it: Bob opens his Home, which is published; Alice's Messages tab never was.
    await openHome(BOB);
    const published = bot.slack.callsTo("views.publish").slice(before);
    expect(published.map((c) => c.args.user_id)).toEqual([BOB.userId]);
  });

  it("a check-in started from the Home refreshes the Home with the new level", async () => {
    const home = await openHome(BOB);
    const button = teamBlock(home, "platform")?.accessory;
    const opened = bot.slack.callsTo("views.open").length;
    await bot.click("open_checkin", { actor: BOB, value: button?.value, container: "view" });
    await vi.waitFor(() => expect(bot.slack.callsTo("views.open").length).toBeGreaterThan(opened));
    const modal = lastView(bot.slack);
    const published = bot.slack.callsTo("views.publish").length;
    const answer = { people: "siloed", release: "scoring_script_versioned", checked: LEVEL_1_CHECKED };
    expect(await submitModal(bot, modal, checkinValues(modal, answer), BOB)).toBeNull();
    await vi.waitFor(() => expect(bot.slack.callsTo("views.publish").length).toBeGreaterThan(published));
    const refreshed = lastView(bot.slack, "views.publish");
    expect(teamBlock(refreshed, "platform")?.text?.text).toContain("You answered this round.");
  });
});

describe("the App Home of a workspace admin", () => {
  it("adds the organisation overview for an admin, and only for an admin", async () => {
    bot.slack.users.set("UADA", { id: "UADA", tz: "UTC", is_admin: true });
    const admin = await openHome({ teamId: "T0", userId: "UADA" });
    expect(admin.blocks[0]?.text?.text).toBe("Your organisation");
    expect(admin.blocks.find((b) => b.block_id === "home:overview")?.text?.text).toContain(
      "*2 ML teams* · Level 0: *0* · Level 1: *1*",
    );
    const member = await openHome(BOB);
    expect(member.blocks.some((b) => b.block_id === "home:overview")).toBe(false);
  });

  it("narrows the overview to the group an admin picks, keeps it when the tab opens again, and goes back to all", async () => {
    bot.slack.users.set("UADA", { id: "UADA", tz: "UTC", is_admin: true });
    const admin: Actor = { teamId: "T0", userId: "UADA" };
    const vision = await bot.db
      .selectFrom("ml_teams")
      .select("id")
      .where("name", "=", "Vision")
      .executeTakeFirstOrThrow();
    const groupId = await seedGroup(bot.db, { name: "Computer vision", mlTeamIds: [vision.id] });
    const overview = (view: ViewJson) => view.blocks.find((b) => b.block_id === "home:overview")?.text?.text;

    const first = await openHome(admin);
    const filter = first.blocks.find((b) => b.block_id === "home:group-filter") as unknown as {
      elements: { action_id: string; options: { text: { text: string }; value: string }[] }[];
    };
    expect(filter.elements[0]?.action_id).toBe("home_group_filter");
    expect(filter.elements[0]?.options.map((o) => o.text.text)).toEqual([
      "All teams",
      "Group Computer vision",
    ]);

    const pick = async (value: string) => {
      const before = bot.slack.callsTo("views.publish").length;
      const click = buttonClick("home_group_filter", {
        actor: admin,
        container: "view",
        blockId: "home:group-filter",
        view: { id: "VHOME", type: "home" },
      });
      const action = {
        ...click.actions[0],
        type: "static_select",
        selected_option: { text: { type: "plain_text", text: "x" }, value },
      };
      const payload = JSON.stringify({ ...click, actions: [action] });
      const res = await bot.post(new URLSearchParams({ payload }).toString(), FORM);
      expect(res.status).toBe(200);
      await vi.waitFor(() => expect(bot.slack.callsTo("views.publish").length).toBeGreaterThan(before));
      return lastView(bot.slack, "views.publish");
    };
    const narrowed = await pick(String(groupId));
    // Vision alone: not assessed yet; the platform team's level 1 is no longer counted.
    expect(overview(narrowed)).toContain(
      "*1 ML team* in group *Computer vision* · Level 0: *0* · Level 1: *0*",
    );
    expect(overview(narrowed)).toContain("not assessed yet: *1*");

    // Opened again, as Slack sends it: the event carries the tab as it was published.
    const published = bot.slack.callsTo("views.publish").at(-1)?.args.view as { private_metadata?: string };
    const event = appHomeOpened(admin) as { event: Record<string, unknown> };
    event.event.view = { id: "VHOME", type: "home", private_metadata: published.private_metadata };
    const before = bot.slack.callsTo("views.publish").length;
    expect((await bot.event(event)).status).toBe(200);
    await vi.waitFor(() => expect(bot.slack.callsTo("views.publish").length).toBeGreaterThan(before));
    expect(overview(lastView(bot.slack, "views.publish"))).toContain("in group *Computer vision*");

    expect(overview(await pick("all"))).toContain("*2 ML teams* · Level 0");
  });
});
