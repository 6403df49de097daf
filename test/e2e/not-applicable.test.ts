// "Not applicable, with a reason" as a new user would try it: a team whose majority marks A/B testing not
// applicable, with everything else of Level 3 in place, shows Level 3 with the exemption and its reason in
// status, the digest, history and the export; the org digest counts the teams relying on it.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { choicesFor } from "../../src/domain/checkin.js";
import { exportStream } from "../../src/services/export.js";
import { importAnswers } from "../../src/services/import.js";
import { useBot } from "../support/fixture.js";
import { openModal, submitModal } from "../support/flows.js";
import { replyOf } from "../support/harness.js";
import { visibleText } from "../support/messages.js";
import { checkinValues, inputBlock, lastView, prefilled } from "../support/modal-state.js";
import { ALICE, appHomeOpened, BOB } from "../support/payloads.js";
import { CAROL } from "../support/people.js";
import { upTo } from "../support/rounds.js";
import { posts, tickAt } from "../support/scheduled.js";
import { seedTeam } from "../support/seed.js";

let now = new Date("2026-11-24T12:00:00Z");
const bot = useBot({ clock: () => now });

const EXEMPTION = 'Exempted as not applicable: A/B testing (Level 3), "batch scoring only"';
const LEVEL_3 = choicesFor(new Set(upTo(3)));
const withoutAb = LEVEL_3.checked.filter((id) => id !== "ab_testing");
const where = (actor = ALICE) => ({ actor, channelId: "CBATCH" });

async function exported(kind: "answers" | "levels"): Promise<string[]> {
  let text = "";
  for await (const chunk of exportStream(bot.bot.deps, { kind, format: "csv" })) text += String(chunk);
  return text.trim().split("\n");
}

describe("Not applicable, with a reason", () => {
  it("keeps a batch-scoring team at Level 3 and says why, everywhere the level shows", async () => {
    const deps = bot.bot.deps;
    await seedTeam(bot.db, {
      channelId: "CBATCH",
      name: "Nightly scoring",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: [ALICE.userId, BOB.userId, CAROL.userId],
      schedule: { timeZone: "UTC" },
    });
    const answerAs = async (actor: typeof ALICE, na: boolean) => {
      const modal = await openModal(bot, "checkin", where(actor));
      const values = checkinValues(modal, {
        people: LEVEL_3.ladders.people,
        release: LEVEL_3.ladders.release,
        checked: withoutAb,
        ...(na ? { notApplicable: ["ab_testing"], naReason: "  batch scoring only " } : {}),
      });
      return submitModal(bot, modal, values, actor);
    };

    // The modal offers the checkbox practices, never the ladders; a reason is required.
    const modal = await openModal(bot, "checkin", where());
    const offered = (inputBlock(modal, "checkin:not_applicable").element.options ?? []).map((o) => o.value);
    expect(offered).toContain("ab_testing");
    expect(offered).not.toContain("cicd_model_release");
    expect(visibleText(inputBlock(modal, "checkin:not_applicable"))).toContain(
      "Practices that do not apply to your team",
    );
    const noReason = checkinValues(modal, {
      ...LEVEL_3.ladders,
      checked: withoutAb,
      notApplicable: ["ab_testing"],
    });
    expect(await submitModal(bot, modal, noReason, ALICE)).toEqual({
      response_action: "errors",
      errors: { "checkin:na_reason": "Say in a few words why these practices do not apply to your team." },
    });
    const both = checkinValues(modal, {
      ...LEVEL_3.ladders,
      checked: LEVEL_3.checked,
      notApplicable: ["ab_testing"],
      naReason: "batch scoring only",
    });
    expect(await submitModal(bot, modal, both, ALICE)).toEqual({
      response_action: "errors",
      errors: {
        "checkin:not_applicable":
          "A/B testing: ticked as in place and chosen as not applicable. Keep one of the two.",
      },
    });

    // Two of three say A/B testing does not apply; the third simply has no A/B tests.
    expect(await answerAs(ALICE, true)).toBeNull();
    expect(await answerAs(BOB, true)).toBeNull();
    expect(await answerAs(CAROL, false)).toBeNull();

    // The next check-in is pre-filled with the exemption and its reason.
    const again = await openModal(bot, "checkin", where());
    expect(inputBlock(again, "checkin:not_applicable").element.initial_options?.map((o) => o.value)).toEqual([
      "ab_testing",
    ]);
    expect(inputBlock(again, "checkin:na_reason").element.initial_value).toBe("batch scoring only");
    expect(prefilled(again).checked).not.toContain("ab_testing");

    const status = await replyOf(await bot.command("status", where()));
    expect(visibleText(status)).toContain("*Level 3 — Automated Model Deployment*");
    expect(visibleText(status)).toContain(EXEMPTION);
    expect(visibleText(status)).toContain(
      "Level 3 — Automated Model Deployment: 5 of 6 in place, 1 exempted as not applicable",
    );

    const teams = await replyOf(await bot.command("teams", where()));
    expect(visibleText(teams)).toContain("— Level 3 (A/B testing exempted as not applicable) · next:");
    const published = bot.slack.callsTo("views.publish").length;
    await bot.event(appHomeOpened(ALICE));
    await bot.slack.waitFor(() => bot.slack.callsTo("views.publish").length > published);
    expect(visibleText(lastView(bot.slack, "views.publish"))).toContain(
      "Level 3 — Automated Model Deployment (A/B testing exempted as not applicable) · next:",
    );

    // The round closes; Monday's digest and then history say the same; the org digest counts the exemption.
    bot.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "UTC" });
    await replyOf(await bot.command("digest", { actor: ALICE, channelId: "CLEADS" }));
    await tickAt(deps, "2026-11-30T09:30:00Z");
    const org = visibleText(posts(bot.slack, "CLEADS").at(-1)?.args.blocks);
    expect(org).toContain(
      "*Exempted as not applicable* (practices teams say do not apply to them, so their levels do not require them)\n• A/B testing — 1 team",
    );
    const digest = posts(bot.slack, "CBATCH").find((c) =>
      visibleText(c.args.blocks).includes("MLOps digest"),
    );
    expect(visibleText(digest?.args.blocks)).toContain(
      "*Level 3 — Automated Model Deployment* · round of Mon 23 Nov",
    );
    expect(visibleText(digest?.args.blocks)).toContain(EXEMPTION);

    now = new Date("2026-11-30T12:00:00Z");
    const history = await replyOf(await bot.command("history", where()));
    expect(visibleText(history)).toContain(EXEMPTION);

    // The export: `na` in the criterion's column, the reason in na_reasons; levels list the exemption.
    const [header, ...rows] = await exported("answers");
    const columns = header?.split(",") ?? [];
    const cell = (row: string | undefined, name: string) => row?.split(",")[columns.indexOf(name)];
    expect(columns.slice(-3)).toEqual(["note", "confirmed_unchanged", "na_reasons"]);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => cell(r, "ab_testing"))).toEqual(["na", "na", "0"]);
    expect(rows.map((r) => cell(r, "na_reasons"))).toEqual([
      "ab_testing: batch scoring only",
      "ab_testing: batch scoring only",
      "",
    ]);
    // The team's groups, at the end, joined by ";".
    for (const name of ["Scoring", "Batch"]) {
      const group = await bot.db
        .insertInto("ml_groups")
        .values({ team_id: "T0", name, created_by: "UADA" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const team = await bot.db
        .selectFrom("ml_teams")
        .select("id")
        .where("channel_id", "=", "CBATCH")
        .executeTakeFirstOrThrow();
      await bot.db.insertInto("ml_group_teams").values({ group_id: group.id, ml_team_id: team.id }).execute();
    }
    const levels = await exported("levels");
    expect(levels[0]).toBe(
      "workspace_id,channel_id,team_name,round,level,next_prerequisite,respondents,answered,disputed,not_applicable,groups",
    );
    expect(levels[1]).toBe(
      "T0,CBATCH,Nightly scoring,2026-11-23,3,all_roles_collaboration,3,3,,ab_testing,Batch;Scoring",
    );

    // The export imports back as it was; without the two new columns, a file imports too.
    const file = `${[header, ...rows].join("\n")}\n`;
    const outcome = await importAnswers(deps, Readable.from([file]));
    expect(outcome).toMatchObject({ kind: "imported", answers: 3 });
    expect(await exported("answers")).toEqual([header, ...rows]);
    const old = [header, ...rows].map((line) => line?.split(",").slice(0, -2).join(","));
    const oldOutcome = await importAnswers(
      deps,
      Readable.from([`${old.join("\n")}\n`.replaceAll(",na,", ",0,")]),
    );
    expect(oldOutcome).toMatchObject({ kind: "imported", answers: 3 });

    // A `na` without a reason, and a reason without `na`, are named by line and column.
    const carol = rows[2]?.split(",") ?? [];
    carol[columns.indexOf("ab_testing")] = "na";
    const bad = [header, carol.join(",")].join("\n");
    const badOutcome = await importAnswers(deps, Readable.from([`${bad}\n`]));
    expect(JSON.stringify(badOutcome)).toContain(
      "line 2, column ab_testing: is na, and na_reasons gives no reason for it",
    );
  });
});
