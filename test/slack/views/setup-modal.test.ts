import { describe, expect, it } from "vitest";
import { newTeamSetupModalJson } from "../../support/modal-state.js";

const view = newTeamSetupModalJson();

describe("setupModal", () => {
  it("stays within Slack's limits", () => {
    for (const text of [view.title?.text, view.submit?.text, view.close?.text])
      expect(text?.length).toBeLessThanOrEqual(24);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });
});
