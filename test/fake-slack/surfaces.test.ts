// Where the fake Slack puts what the bot sends, as Slack would show it: modals on the person's screen, the
// Home tab, messages only one person sees, response_url replies, edits; and what it refused.
import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { TRIGGER_LIFETIME_MS } from "../../src/fake-slack/state.js";
import { useFakeSlack } from "../support/fixture.js";

const slack = useFakeSlack({ resetBetweenTests: true });
const client = () =>
  new webApi.WebClient("xoxb-test", { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });

const modal = (title: string) => ({
  type: "modal",
  title: { type: "plain_text", text: title },
  blocks: [{ type: "section", text: { type: "mrkdwn", text: "hello" } }],
});

const post = (url: string, body: object) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the fake Slack's surfaces", () => {
  it("opens a modal on the screen of whoever the trigger was handed out for, and pushes onto it", async () => {
    const trigger = slack.workspace.issueTrigger("UALICE");
    const opened = await client().views.open({ trigger_id: trigger, view: modal("First") as never });
    // A push needs a trigger of its own (a click inside the modal).
    const click = slack.workspace.issueTrigger("UALICE");
    await client().views.push({ trigger_id: click, view: modal("Second") as never });
    const stack = slack.workspace.modals.get("UALICE") ?? [];
    expect(stack.map((v) => (v.view.title as { text: string }).text)).toEqual(["First", "Second"]);
    expect(stack[0]?.id).toBe(opened.view?.id);
    await client().views.update({ view_id: String(opened.view?.id), view: modal("Changed") as never });
    expect(slack.workspace.findView(opened.view?.id)?.view.title).toEqual({
      type: "plain_text",
      text: "Changed",
    });
    await expect(client().views.update({ view_id: "V999", view: modal("x") as never })).rejects.toThrow(
      /not_found/,
    );
  });

  it("refuses a trigger it did not hand out, one already used, and one older than 3 s, as Slack does", async () => {
    const refused = async (trigger: string, method: "open" | "push" = "open") => {
      const call = client().views[method]({ trigger_id: trigger, view: modal("x") as never });
      return call.then(
        () => "opened",
        (err: { data?: { error?: string } }) => err.data?.error,
      );
    };
    expect(await refused("1.2.own-trigger")).toBe("invalid_trigger_id");
    const used = slack.workspace.issueTrigger("UALICE");
    expect(await refused(used)).toBe("opened");
    expect(await refused(used)).toBe("exchanged_trigger_id");
    expect(await refused(used, "push")).toBe("exchanged_trigger_id");
    const late = slack.workspace.issueTrigger("UBOB", Date.now() - TRIGGER_LIFETIME_MS - 100);
    expect(await refused(late)).toBe("expired_trigger_id");
    expect(slack.workspace.modals.get("UBOB")).toBeUndefined();
    expect(slack.refusals.map((r) => `${r.method} ${r.error}`)).toEqual([
      "views.open invalid_trigger_id",
      "views.open exchanged_trigger_id",
      "views.push exchanged_trigger_id",
      "views.open expired_trigger_id",
    ]);
  });

  it("keeps each person's Home tab, and refuses a publish for nobody", async () => {
    await client().views.publish({ user_id: "UBOB", view: { type: "home", blocks: [] } });
    expect(slack.workspace.homes.get("UBOB")?.view.type).toBe("home");
    await expect(client().views.publish({ user_id: "", view: { type: "home", blocks: [] } })).rejects.toThrow(
      /invalid_arguments/,
    );
    expect(slack.refusals.map((r) => `${r.method} ${r.error}`)).toEqual(["views.publish invalid_arguments"]);
  });

  it("shows an ephemeral message to one person, and edits a message in place", async () => {
    await client().chat.postEphemeral({ channel: "CTEAM", user: "UALICE", text: "just you" });
    expect(slack.workspace.ephemerals).toMatchObject([
      { channel: "CTEAM", user: "UALICE", text: "just you" },
    ]);
    const posted = await client().chat.postMessage({ channel: "CTEAM", text: "before" });
    await client().chat.update({ channel: "CTEAM", ts: String(posted.ts), text: "after" });
    expect(slack.messages("CTEAM").map((m) => m.text)).toEqual(["after"]);
  });

  it("delivers a response_url's replies where the interaction happened", async () => {
    const posted = await client().chat.postMessage({ channel: "CTEAM", text: "a nudge" });
    const url = slack.responseUrlFor({ channel: "CTEAM", user: "UALICE", messageTs: String(posted.ts) });
    await post(url, { text: "snoozed, just for you", replace_original: false });
    await post(url, { text: "snoozed for everyone", replace_original: true });
    await post(url, { text: "said out loud", response_type: "in_channel" });
    expect(slack.workspace.ephemerals.map((m) => `${m.user}: ${m.text}`)).toEqual([
      "UALICE: snoozed, just for you",
    ]);
    expect(slack.messages("CTEAM").map((m) => m.text)).toEqual(["snoozed for everyone", "said out loud"]);
    await post(url, { delete_original: true });
    expect(slack.messages("CTEAM").map((m) => m.text)).toEqual(["said out loud"]);
  });

  it("refuses a response_url reply with blocks Slack would not show, and says so in its refusals", async () => {
    const url = slack.responseUrlFor({ channel: "CTEAM", user: "UALICE" });
    const res = await post(url, {
      text: "x",
      blocks: [{ type: "header", text: { type: "plain_text", text: "x".repeat(151) } }],
    });
    expect(res.status).toBe(400);
    expect(slack.workspace.ephemerals).toEqual([]);
    expect(slack.refusals[0]).toMatchObject({ method: "response_url", error: "invalid_blocks" });
  });
});
