import { describe, expect, it } from "vitest";
import { actionIds, blockIds, visibleText } from "./messages.js";

// A message using every kind of text Slack shows, and every kind of id and value it does not.
const MESSAGE = {
  text: "fallback for notifications",
  blocks: [
    { type: "header", block_id: "hidden-header-id", text: { type: "plain_text", text: "A header" } },
    {
      type: "section",
      block_id: "hidden-section-id",
      text: { type: "mrkdwn", text: "*Section* text" },
      fields: [{ type: "mrkdwn", text: "a field" }],
      accessory: {
        type: "button",
        action_id: "hidden-accessory-action",
        value: "hidden-accessory-value",
        url: "https://hidden.example/",
        text: { type: "plain_text", text: "Accessory button" },
      },
    },
    { type: "context", elements: [{ type: "mrkdwn", text: "context words" }] },
    {
      type: "actions",
      block_id: "hidden-actions-id",
      elements: [
        {
          type: "button",
          action_id: "hidden-button-action",
          value: "hidden-button-value",
          text: { type: "plain_text", text: "Check in" },
        },
      ],
    },
    {
      type: "input",
      block_id: "hidden-input-id",
      label: { type: "plain_text", text: "An input label" },
      hint: { type: "plain_text", text: "a hint" },
      element: {
        type: "static_select",
        action_id: "hidden-select-action",
        placeholder: { type: "plain_text", text: "a placeholder" },
        options: [
          {
            text: { type: "plain_text", text: "An option" },
            description: { type: "plain_text", text: "its description" },
            value: "hidden-option-value",
          },
        ],
      },
    },
    { type: "divider" },
  ],
  private_metadata: '{"text":"hidden metadata"}',
};

describe("visibleText", () => {
  it("collects the fallback and every text object a person sees", () => {
    expect(visibleText(MESSAGE).split("\n")).toEqual([
      "fallback for notifications",
      "A header",
      "*Section* text",
      "a field",
      "Accessory button",
      "context words",
      "Check in",
      "An input label",
      "a hint",
      "a placeholder",
      "An option",
      "its description",
    ]);
  });

  it("leaves out block_ids, action_ids, values, URLs and private_metadata", () => {
    expect(visibleText(MESSAGE)).not.toContain("hidden");
  });

  it("reads a single block, a list of blocks, and nothing at all", () => {
    expect(visibleText(MESSAGE.blocks[0])).toBe("A header");
    expect(visibleText(MESSAGE.blocks.slice(2, 4))).toBe("context words\nCheck in");
    expect(visibleText(undefined)).toBe("");
  });
});

describe("blockIds and actionIds", () => {
  it("list a message's block_ids in order, with an empty one for a block without", () => {
    expect(blockIds(MESSAGE)).toEqual([
      "hidden-header-id",
      "hidden-section-id",
      "",
      "hidden-actions-id",
      "hidden-input-id",
      "",
    ]);
  });

  it("list every action_id, however deep", () => {
    expect(actionIds(MESSAGE)).toEqual([
      "hidden-accessory-action",
      "hidden-button-action",
      "hidden-select-action",
    ]);
  });
});
