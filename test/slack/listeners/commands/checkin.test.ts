import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { newTeam, openModal } from "../../../support/flows.js";
import { replyOf } from "../../../support/harness.js";
import { inputBlock, prefilled } from "../../../support/modal-state.js";
import { ALICE } from "../../../support/payloads.js";

const bot = useBot({ clock: () => new Date("2026-11-25T12:00:00Z") });
const teamNamed = (name?: string) => newTeam(bot, name, "check");

describe("the check-in modal", () => {
  it("asks the two ladders as single choices and the other criteria as checkboxes, with rubric ids as values", async () => {
    const where = await teamNamed();
    const view = await openModal(bot, "checkin", where);
    expect(view.title?.text).toBe("MLOps check-in");
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(inputBlock(view, "ladder:people").element.options?.map((o) => o.value)).toEqual([
      "siloed",
      "ds_de_collaboration",
      "cross_role_integration",
      "all_roles_collaboration",
    ]);
    expect(inputBlock(view, "ladder:release").element.options?.map((o) => o.value)).toEqual([
      "manual_handoff",
      "scoring_script_versioned",
      "tested_scoring_script",
      "cicd_model_release",
    ]);
    const checkboxes = view.blocks.filter((b) => b.block_id?.startsWith("criteria:"));
    expect(checkboxes.map((b) => b.block_id)).toEqual([
      "criteria:model_creation",
      "criteria:model_release",
      "criteria:application",
    ]);
    expect(checkboxes.flatMap((b) => b.element?.options ?? [])).toHaveLength(16);
    expect(checkboxes.every((b) => b.optional === true)).toBe(true);
    expect(inputBlock(view, "role").element.type).toBe("static_select");
    expect(inputBlock(view, "note").element.max_length).toBe(1000);
    // Nothing answered yet: nothing is pre-selected.
    expect(prefilled(view)).toMatchObject({ people: "", release: "", checked: [] });
  });

  it("tells someone in a channel without a team to run /mlops setup there first", async () => {
    const opened = bot.slack.callsTo("views.open").length;
    const reply = await replyOf(await bot.command("checkin", { actor: ALICE, channelId: "CNOTEAM" }));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain(
      "There is no ML team set up in <#CNOTEAM> yet. Run `/mlops setup` here first",
    );
    expect(bot.slack.callsTo("views.open")).toHaveLength(opened);
  });
});
