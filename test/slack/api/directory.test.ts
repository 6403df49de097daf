// The Directory over Slack's Web API, against the fake Slack: membership read page by page, as a real
// WebClient pages through conversations.members.
import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { slackDirectory } from "../../../src/slack/api/directory.js";
import { useFakeSlack } from "../../support/fixture.js";
import { joinChannel } from "../../support/people.js";

const slack = useFakeSlack({ resetBetweenTests: true });
const directory = () =>
  slackDirectory(
    new webApi.WebClient("xoxb-test-token", { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
  );
const crowd = Array.from({ length: 2_500 }, (_, i) => `U${String(i).padStart(5, "0")}`);

describe("isMember", () => {
  it("finds a member on a later page, reading no further than that page", async () => {
    joinChannel(slack, "CBIG", ...crowd);
    expect(await directory().isMember("CBIG", "U02100")).toEqual({ ok: true, member: true });
    const calls = slack.callsTo("conversations.members");
    expect(calls.map((c) => c.args.limit)).toEqual(["999", "999", "999"]);
    expect(calls[0]?.args.cursor).toBeUndefined();
  });

  it("reads every page before saying someone is not a member", async () => {
    joinChannel(slack, "CBIG2", ...crowd);
    expect(await directory().isMember("CBIG2", "UOUTSIDER")).toEqual({ ok: true, member: false });
    expect(slack.callsTo("conversations.members")).toHaveLength(3);
  });

  it("gives Slack's refusal back as a value", async () => {
    expect(await directory().isMember("CUNSEEN", "U00001")).toEqual({
      ok: false,
      error: "channel_not_found",
    });
  });
});
