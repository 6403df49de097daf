// The fake Slack refuses what Slack refuses: Block Kit's documented limits, the chart's among them.

import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { messageBlockProblems, strayAngleTexts, viewProblems } from "../../src/fake-slack/block-kit.js";
import { type MessageBlock, seriesChart } from "../../src/slack/views/chart.js";
import { useFakeSlack } from "../support/fixture.js";

const section = (text: string, blockId?: string) => ({
  type: "section",
  ...(blockId ? { block_id: blockId } : {}),
  text: { type: "mrkdwn", text },
});

function chart(points: number, overrides: Record<string, unknown> = {}): MessageBlock {
  const categories = Array.from({ length: points }, (_, i) => `R${i + 1}`);
  return {
    ...seriesChart({
      blockId: "c",
      title: "Levels",
      type: "line",
      categories,
      series: [{ name: "Level", values: categories.map(() => 1) }],
    }),
    ...overrides,
  } as MessageBlock;
}

/** A line chart exactly as given, without the builder's cutting to size. */
function rawChart(categories: string[], data: { label: string; value: unknown }[], title = "Levels") {
  return {
    type: "data_visualization",
    title,
    chart: { type: "line", series: [{ name: "Level", data }], axis_config: { categories } },
  };
}

describe("messageBlockProblems", () => {
  it("accepts ordinary blocks and a chart within the limits", () => {
    expect(messageBlockProblems([section("hello", "a"), chart(20), { type: "divider" }])).toEqual([]);
  });

  it("refuses a section over 3,000 characters, 51 blocks and a repeated block_id, saying where", () => {
    expect(messageBlockProblems([section("x".repeat(3001))])).toEqual([
      "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
    ]);
    expect(messageBlockProblems(Array.from({ length: 51 }, () => ({ type: "divider" })))).toEqual([
      "no more than 50 items allowed [json-pointer:/blocks]",
    ]);
    expect(messageBlockProblems([section("a", "same"), section("b", "same")])).toEqual([
      "duplicate block_id [json-pointer:/blocks/1/block_id]",
    ]);
  });

  it("refuses charts Slack would: 21 points, long labels and titles, labels off the categories, a third chart", () => {
    const labels = Array.from({ length: 21 }, (_, i) => `R${i}`);
    expect(
      messageBlockProblems([
        rawChart(
          labels,
          labels.map((label) => ({ label, value: 1 })),
        ),
      ]),
    ).toContain("no more than 20 items allowed [json-pointer:/blocks/0/chart/series/0/data]");
    const long = "Round of 30 November 2026";
    expect(messageBlockProblems([rawChart([long], [{ label: long, value: 1 }], "t".repeat(51))])).toEqual([
      "must be less than 51 characters [json-pointer:/blocks/0/title]",
      "must be less than 21 characters [json-pointer:/blocks/0/chart/axis_config/categories/0]",
      "must be less than 21 characters [json-pointer:/blocks/0/chart/series/0/data/0/label]",
    ]);
    expect(messageBlockProblems([rawChart(["A", "B"], [{ label: "A", value: 1 }])])).toEqual([
      "data labels must match axis_config.categories, one per category [json-pointer:/blocks/0/chart/series/0/data]",
    ]);
    expect(messageBlockProblems([rawChart(["A"], [{ label: "A", value: null }])])).toEqual([
      "must be a number [json-pointer:/blocks/0/chart/series/0/data/0/value]",
    ]);
    expect(
      messageBlockProblems([chart(3), { ...chart(3), block_id: "d" }, { ...chart(3), block_id: "e" }]),
    ).toEqual(["no more than 2 data_visualization blocks allowed [json-pointer:/blocks]"]);
  });

  it("refuses a pie slice of zero and more than six slices", () => {
    const pie = (values: number[]) => ({
      type: "data_visualization",
      title: "Teams",
      chart: { type: "pie", segments: values.map((value, i) => ({ label: `L${i}`, value })) },
    });
    expect(messageBlockProblems([pie([1, 0])])).toEqual([
      "must be greater than 0 [json-pointer:/blocks/0/chart/segments/1/value]",
    ]);
    expect(messageBlockProblems([pie([1, 1, 1, 1, 1, 1, 1])])).toEqual([
      "no more than 6 items allowed [json-pointer:/blocks/0/chart/segments]",
    ]);
  });
});

describe("viewProblems", () => {
  it("keeps charts to messages, and a modal's title to 24 characters", () => {
    expect(viewProblems({ type: "home", blocks: [chart(3)] })).toEqual([
      "data_visualization is only allowed in messages [json-pointer:/view/blocks/0]",
    ]);
    expect(
      viewProblems({ type: "modal", title: { type: "plain_text", text: "x".repeat(25) }, blocks: [] }),
    ).toEqual(["must be less than 25 characters [json-pointer:/view/title/text]"]);
  });
});

describe("text Slack would misread", () => {
  it('finds a "<" that starts no link or mention, in a message\'s text and its mrkdwn, never in plain text', () => {
    const message = {
      text: "Run `/mlops status group <name>`",
      blocks: [
        section("<#C1> <@U1> <!here> <https://example.com|a link> <mailto:a@b.c|mail> &lt;fine&gt;"),
        section("a <b> c"),
        { type: "header", text: { type: "plain_text", text: "plain <text> is shown as is" } },
        { type: "context", elements: [{ type: "mrkdwn", text: "1 < 2" }] },
      ],
    };
    expect(strayAngleTexts(message)).toEqual(["Run `/mlops status group <name>`", "a <b> c", "1 < 2"]);
    expect(strayAngleTexts({ text: "plain", mrkdwn: true })).toEqual([]);
  });
});

describe("the fake Web API", () => {
  const slack = useFakeSlack();

  it("answers invalid_blocks the way Slack does, and the client raises it", async () => {
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    const refused = client.chat.postMessage({
      channel: "C1",
      text: "t",
      blocks: [section("x".repeat(3001))],
    });
    await expect(refused).rejects.toMatchObject({
      data: {
        ok: false,
        error: "invalid_blocks",
        errors: ["must be less than 3001 characters [json-pointer:/blocks/0/text/text]"],
        response_metadata: {
          messages: ["[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"],
        },
      },
    });
    const view = client.views.publish({
      user_id: "U1",
      view: { type: "home", blocks: [chart(25) as never] },
    });
    await expect(view).rejects.toMatchObject({ data: { error: "invalid_arguments" } });
  });

  it("refuses blocks Slack would refuse on a response_url with HTTP 400", async () => {
    const res = await fetch(slack.responseUrl(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "t", blocks: [section("")] }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("invalid_blocks");
    expect(slack.responses).toEqual([]);
  });

  it('tells, once, what was sent with a "<" Slack would misread, by a method or a response_url', async () => {
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    await client.chat.postMessage({ channel: "C1", text: "hi", blocks: [section("group <name>")] });
    await fetch(slack.responseUrl(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "see <name>" }),
    });
    await client.chat.postMessage({ channel: "C1", text: "fine &lt;name&gt;" });
    expect(slack.misreadSinceAsked()).toEqual(["group <name>", "see <name>"]);
    expect(slack.misreadSinceAsked()).toEqual([]);
  });
});
