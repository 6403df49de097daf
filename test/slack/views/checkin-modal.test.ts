import { describe, expect, it } from "vitest";
import { choicesFor } from "../../../src/domain/checkin.js";
import { CRITERION_IDS, type CriterionId } from "../../../src/domain/rubric.js";
import { parseCheckinMetadata, parseCheckinState } from "../../../src/slack/forms/checkin-form.js";
import { visibleText } from "../../support/messages.js";
import { checkinModalJson, checkinValues, prefilled } from "../../support/modal-state.js";

const modal = checkinModalJson;

describe("checkinModal", () => {
  it("stays within Slack's modal limits", () => {
    const view = modal({ team: { id: 7, name: "x".repeat(500) } });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    for (const text of [view.title?.text, view.submit?.text, view.close?.text])
      expect(text?.length).toBeLessThanOrEqual(24);
    expect(view.private_metadata?.length).toBeLessThanOrEqual(3000);
    for (const block of view.blocks) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      const options = block.element?.options ?? [];
      // Checkboxes and radio buttons take 10 options; a multi-select takes 100.
      expect(options.length).toBeLessThanOrEqual(block.element?.type === "multi_static_select" ? 100 : 10);
      for (const o of options) {
        expect(o.text.text.length, o.value).toBeLessThanOrEqual(75);
        expect(o.value.length).toBeLessThanOrEqual(75);
        expect(o.description?.text.length ?? 0, o.value).toBeLessThanOrEqual(75);
      }
    }
  });

  it("offers every criterion exactly once, as a ladder rung or a checkbox", () => {
    const values = modal()
      .blocks.filter((b) => /^(ladder|criteria):/.test(b.block_id ?? ""))
      .flatMap((b) => (b.element?.options ?? []).map((o) => o.value));
    const criteria = values.filter((v) => (CRITERION_IDS as readonly string[]).includes(v));
    expect([...criteria].sort()).toEqual([...CRITERION_IDS].sort());
    expect(values).toContain("siloed");
    expect(values).toContain("manual_handoff");
  });

  it("describes every option, within Slack's 75 characters", () => {
    const options = modal()
      .blocks.filter((b) => /^(ladder|criteria):/.test(b.block_id ?? ""))
      .flatMap((b) => b.element?.options ?? []);
    expect(options.length).toBe(22 + 2); // the criteria, plus the two ladders' "none" answers
    for (const o of options) {
      expect(o.description?.text.length, o.value).toBeGreaterThan(0);
      expect(o.description?.text.length, o.value).toBeLessThanOrEqual(75);
    }
  });

  it("escapes the team name in the intro", () => {
    const intro = modal({ team: { id: 7, name: "<!channel> & co" } }).blocks[0]?.text?.text;
    expect(intro).toContain("*&lt;!channel&gt; &amp; co* · round of Mon 23 Nov");
  });

  it("pre-fills a previous answer, role and (same round only) note", () => {
    const met = new Set<CriterionId>([
      "automated_builds",
      "scoring_script_versioned",
      "ds_de_collaboration",
      "ab_testing",
    ]);
    const previous = { choices: choicesFor(met), notApplicable: new Map(), note: "hello", sameRound: true };
    expect(prefilled(modal({ previous, role: "data_engineer" }))).toEqual({
      people: "ds_de_collaboration",
      release: "scoring_script_versioned",
      checked: ["ab_testing", "automated_builds"],
      role: "data_engineer",
      note: "hello",
    });
    expect(prefilled(modal({ previous: { ...previous, sameRound: false } })).note).toBeUndefined();
  });

  it("words each evidence note by whether its box starts ticked", () => {
    const previous = {
      choices: choicesFor(new Set<CriterionId>(["automated_app_releases"])),
      notApplicable: new Map(),
      note: null,
      sameRound: false,
    };
    const fact = (criterion: CriterionId, verdict: "supports" | "disputes", source: "github" | "mlflow") =>
      ({ criterion, verdict, source, facts: "what the source shows", url: null }) as const;
    const view = modal({
      previous,
      evidence: [
        fact("experiment_tracking", "supports", "mlflow"),
        fact("automated_app_releases", "disputes", "github"),
        fact("automated_training", "disputes", "mlflow"),
      ],
    });
    const note = (id: string) => visibleText(view.blocks.find((b) => b.block_id === id) ?? null);
    expect(prefilled(view).checked).toEqual(["experiment_tracking", "automated_app_releases"]);
    expect(note("evidence:experiment_tracking:supports")).toBe(
      "*Experiment results and training performance are tracked centrally* (ticked from evidence): :white_check_mark: MLflow supports it: what the source shows",
    );
    expect(note("evidence:automated_app_releases:disputes")).toBe(
      "*Application releases are automated* (ticked in your last answer: untick it if it is not in place): :warning: GitHub disputes it: what the source shows",
    );
    // Nobody said training is automated: the source agrees, it does not dispute.
    expect(note("evidence:automated_training:disputes")).toBe(
      "*Model training is automated* (tick it if you know better): :ballot_box_with_check: MLflow agrees it is not in place: what the source shows",
    );
  });

  it("says which boxes evidence ticked beyond the last answer, and what Nothing changed gives then", () => {
    const previous = {
      choices: choicesFor(new Set<CriterionId>(["automated_builds"])),
      notApplicable: new Map(),
      note: null,
      sameRound: false,
    };
    const supports = (criterion: CriterionId) =>
      ({
        criterion,
        verdict: "supports",
        source: "github",
        facts: "what the source shows",
        url: null,
      }) as const;
    const evidence = [supports("automated_builds"), supports("experiment_tracking")];
    const intro = (view: ReturnType<typeof modal>) => visibleText(view.blocks[0] ?? null);
    const note = (view: ReturnType<typeof modal>, id: string) =>
      visibleText(view.blocks.find((b) => b.block_id === id) ?? null);

    const later = modal({ previous, evidence });
    expect(intro(later)).toContain(
      "Your last answers are filled in, and 1 practice evidence supports ticked too: change whatever is different now. *Nothing changed* gives your last answers as they were, without those.",
    );
    expect(note(later, "evidence:automated_builds:supports")).toContain(
      "*Application builds run automatically* (in your last answer): :white_check_mark: GitHub supports it",
    );
    expect(note(later, "evidence:experiment_tracking:supports")).toContain("(ticked from evidence)");
    expect(intro(modal({ previous: { ...previous, sameRound: true }, evidence }))).toContain(
      "You already answered this round: your answers are filled in, and 1 practice evidence supports ticked too, and saving replaces them.",
    );
    expect(intro(modal({ evidence }))).toContain(
      "Evidence ticked 2 practices already: untick what is not in place.",
    );
    // Evidence that only agrees with the last answer changes nothing the intro says.
    expect(intro(modal({ previous, evidence: [supports("automated_builds")] }))).toContain(
      "Your last answers are filled in: change whatever is different now, or click *Nothing changed*",
    );
  });

  it("round-trips through its own submission parser", () => {
    const view = modal();
    const parsed = parseCheckinState(
      checkinValues(view, {
        people: "all_roles_collaboration",
        release: "tested_scoring_script",
        checked: ["managed_compute"],
        note: "  ",
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        met: [
          "scoring_script_versioned",
          "ds_de_collaboration",
          "managed_compute",
          "tested_scoring_script",
          "cross_role_integration",
          "all_roles_collaboration",
        ],
        notApplicable: new Map(),
        role: null,
        note: null,
      },
    });
    expect(parseCheckinMetadata(view.private_metadata ?? "")).toEqual({ mlTeamId: 7, origin: "channel" });
  });
});
