// Every message right, as a new user would see it (issue 12, item 7): one test per wording, each on the text
// a person sees. Commands and modals go through the real HTTP endpoint; scheduled messages are built from the
// closed rounds the scheduler would hand them.
import { describe, expect, it } from "vitest";
import { aggregate } from "../../src/domain/aggregate.js";
import { teamDigestData } from "../../src/domain/digest.js";
import { nudgesFor } from "../../src/domain/nudges.js";
import { orgDigestData } from "../../src/domain/org-digest.js";
import type { CriterionId } from "../../src/domain/rubric.js";
import { nudgeMessage } from "../../src/slack/views/nudge.js";
import { orgDigestMessage } from "../../src/slack/views/org-digest.js";
import { teamDigestMessage } from "../../src/slack/views/team-digest.js";
import { useBot } from "../support/fixture.js";
import { openModal, submitModal } from "../support/flows.js";
import { replyOf } from "../support/harness.js";
import { visibleText } from "../support/messages.js";
import { checkinValues } from "../support/modal-state.js";
import { ALICE, BOB } from "../support/payloads.js";
import { CAROL, CREATOR } from "../support/people.js";
import { closedRound, upTo } from "../support/rounds.js";
import { answer, seedTeam } from "../support/seed.js";

const NOW = new Date("2026-12-02T02:33:00Z");
const bot = useBot({
  clock: () => NOW,
  setup: async (b) => {
    const id = await seedTeam(b.db, {
      channelId: "CWORDS",
      name: "Wording",
      createdAt: "2026-11-01T00:00:00Z",
      respondents: [ALICE.userId, BOB.userId, CAROL.userId],
      schedule: { timeZone: "UTC" },
    });
    // One of three says training compute is managed: disputed, and "1 of 3 says".
    await answer(b.db, { mlTeamId: id, period: "2026-11-30", userId: ALICE.userId, met: upTo(1) });
    await answer(b.db, {
      mlTeamId: id,
      period: "2026-11-30",
      userId: BOB.userId,
      met: [...upTo(1), "managed_compute"],
    });
    await answer(b.db, { mlTeamId: id, period: "2026-11-30", userId: CAROL.userId, met: upTo(1) });
  },
});
const here = { actor: ALICE, channelId: "CWORDS" };
const say = async (text: string, where: { actor: typeof ALICE; channelId: string } = here) =>
  visibleText(await replyOf(await bot.command(text, where)));

describe("every message right", () => {
  it("the setup modal's edit intro is a whole sentence", async () => {
    const modal = await openModal(bot, "setup", { actor: CREATOR, channelId: "CWORDS" });
    expect(visibleText(modal.blocks[0])).toContain(
      "Change the settings of the ML team that works in <#CWORDS>. Its respondents get a short check-in",
    );
  });

  it.each(["-1", "999", "0", "53"])(
    "“%s” weeks is a number out of range, and the reply gives the range",
    async (weeks) => {
      const text = await say(`pause ${weeks}`);
      expect(text).toContain(
        `“${weeks}” is outside what a pause can be: a whole number of weeks from 1 to 52.`,
      );
      expect(text).not.toContain("is not a number of weeks");
    },
  );

  it("a first digest's chart says 'this round', and never '1 rounds'", () => {
    const message = teamDigestMessage({
      teamName: "First",
      data: teamDigestData([closedRound("2026-11-23", 0)], []),
    });
    const text = visibleText(message);
    expect(text).toContain("Level this round");
    expect(text).toContain("Trend: Level 0 over 1 round.");
    expect(text).not.toMatch(/1 rounds|→ –/);
  });

  it("status says “1 of 3 says it is in place”", async () => {
    expect(await say("status")).toContain("Training compute is managed (1 of 3 says it is in place)");
  });

  it("the digest names a role as the check-in modal does: “ML engineer”", async () => {
    const modal = await openModal(bot, "checkin", here);
    expect(visibleText(modal)).toContain("ML engineer");
    const data = teamDigestData([closedRound("2026-11-23", 1)], ["ml_engineer", "data_scientist"]);
    const text = visibleText(teamDigestMessage({ teamName: "Roles", data }));
    expect(text).toContain("2 of 2 respondents — 1 × Data scientist, 1 × ML engineer");
    expect(text).not.toContain("ml engineer");
  });

  it("the siloed-roles nudge after a 2–2 split says the team is split", () => {
    const half = new Set<CriterionId>([...upTo(1), "ds_de_collaboration"]);
    const other = new Set<CriterionId>(upTo(1));
    const nudge = nudgesFor({ answer: aggregate([half, half, other, other]), previousLevel: null }).find(
      (n) => n.kind === "siloed_roles",
    );
    if (!nudge) throw new Error("a 2–2 split on the first People rung should nudge about siloed roles");
    const text = visibleText(nudgeMessage({ mlTeamId: 1, teamName: "Split", period: "2026-11-23", nudge }));
    expect(text).toContain(
      "Why: in the round of Mon 23 Nov the team was split on whether this is in place (data scientists and data engineers work together directly), so it does not count yet.",
    );
    expect(text).not.toContain("work in silos");
  });

  it("`/mlops pause 1` in a DM echoes what the person typed", async () => {
    expect(await say("pause 1", { actor: ALICE, channelId: "DALICE" })).toContain(
      "Run `/mlops pause 1` in the ML team's own channel (not in a direct message).",
    );
  });

  it("a 52-week pause's fallback date has its year", async () => {
    const text = await say("pause 52");
    expect(text).toContain("|Wed 1 Dec 2027, 02:33 (UTC)>");
    await say("resume");
  });

  it("an unknown subcommand with a backtick keeps its code formatting", async () => {
    const text = await say("fo`o bar");
    expect(text).toContain("I don't know `foˋo`. Here is what I can do:");
    expect(text.split("`").length % 2).toBe(1); // every code span is closed
  });

  it("the note's limit says 'at most 1000', and exactly 1000 characters are accepted", async () => {
    const modal = await openModal(bot, "checkin", { actor: BOB, channelId: "CWORDS" });
    const base = { people: "siloed", release: "manual_handoff", checked: [] as string[] };
    const long = checkinValues(modal, { ...base, note: "x".repeat(1001) });
    expect(await submitModal(bot, modal, long, BOB)).toEqual({
      response_action: "errors",
      errors: { note: "Please keep the note to at most 1000 characters." },
    });
    expect(
      await submitModal(bot, modal, checkinValues(modal, { ...base, note: "x".repeat(1000) }), BOB),
    ).toBeNull();
  });

  it("help shows one usage for status, history and checkin: [#channel | team name]", async () => {
    const text = await say("help");
    for (const verb of ["status", "history", "checkin"])
      expect(text).toContain(`\`/mlops ${verb} [#channel | team name]\``);
  });

  it("the org digest does not call a team answering its first round “not assessed”", () => {
    const teams = [{ id: 1, name: "New", channelId: "CNEW", history: [] }];
    const text = visibleText(orgDigestMessage({ week: "2026-11-30", data: orgDigestData(teams, NOW) }));
    expect(text).toContain("No closed round with answers yet: *1*");
    expect(text).not.toContain("Not assessed");
  });
});
