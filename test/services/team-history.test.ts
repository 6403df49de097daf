// `/mlops history` beside the evidence: each round judged by the 28 days of signals up to its end, read once.
import { describe, expect, it } from "vitest";
import { setEvidencePolicy } from "../../src/db/evidence.js";
import { criterion } from "../../src/domain/rubric.js";
import { teamHistoryReport } from "../../src/services/team-history.js";
import { historyMessage } from "../../src/slack/views/history.js";
import { serviceContext } from "../support/deps.js";
import { useDatabase } from "../support/fixture.js";
import { block, chartIn, visibleText } from "../support/messages.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { seedLink, seedTeam, snapshot } from "../support/seed.js";
import { signal, workflowRun } from "../support/signals.js";

const database = useDatabase({ resetBetweenTests: true });
const ctx = () => serviceContext(database.db, "2026-04-01T12:00:00Z");
const query = { by: "channel", channelId: "CTEAM", mentioned: false } as const;
const BUILDS = criterion("automated_builds").title;

/**
 * Weekly UTC rounds from 23 Feb to 23 Mar, each saying Level 1 is in place. The repository was linked on 5 Mar:
 * the round of 23 Feb ended before, so it is never judged. Commits were pushed on 4 Mar with no CI run; CI ran
 * from 12 Mar. So the round of 2 Mar (ends 9 Mar) disagrees; the later ones, with CI in their window, agree.
 */
async function teamWithRounds(link = true): Promise<void> {
  const id = await seedTeam(database.db, {
    channelId: "CTEAM",
    name: "Models",
    createdAt: "2026-02-20T00:00:00Z",
  });
  for (const period of ["2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"])
    await snapshot(database.db, { mlTeamId: id, period, met: SEED_LEVEL_1 });
  if (!link) return;
  await seedLink(database.db, {
    mlTeamId: id,
    subject: "acme/web",
    linkedAt: "2026-03-05T00:00:00Z",
    signals: [
      signal(
        "push",
        { ref: "refs/heads/main", commits: 12, defaultBranch: true },
        { at: "2026-03-04T10:00:00Z" },
      ),
      workflowRun({}, { at: "2026-03-12T10:00:00Z" }),
    ],
  });
}

async function history() {
  const reference = await teamHistoryReport(ctx(), "T0", query);
  if (reference.kind !== "found") throw new Error(`no team: ${reference.kind}`);
  return historyMessage(reference.team);
}

describe("history beside the evidence", () => {
  it("marks the round in which evidence disputed an answer, and not the rounds in which it agreed", async () => {
    await teamWithRounds();
    const message = await history();
    expect(block(message, "history:trend")).toMatchObject({
      elements: [
        {
          text: "Level 1 → 1 → 1 → 1 → 1 over 5 rounds. Evidence and answers disagreed in the round of Mon 2 Mar.",
        },
      ],
    });
    const evidence = block(message, "history:evidence").text?.text ?? "";
    expect(evidence).toBe(
      [
        ":mag: *Evidence and answers disagreed* in 1 of 4 rounds judged, each by the 28 days of evidence up to its end, newest first",
        `• Mon 2 Mar: _${BUILDS}_ said in place; GitHub disputes it: 12 commits pushed and no CI run at all in 28 days, last 4 d ago (in acme/web)`,
      ].join("\n"),
    );
    for (const agreed of ["Mon 9 Mar", "Mon 16 Mar", "Mon 23 Mar", "Mon 23 Feb"])
      expect(evidence).not.toContain(agreed);
    expect(message.text).toContain("Evidence and answers disagreed in the round of Mon 2 Mar.");
  });

  it("says evidence never disagreed when it did not", async () => {
    await teamWithRounds();
    await database.db.deleteFrom("evidence_signals").where("kind", "=", "push").execute();
    const message = await history();
    expect(block(message, "history:evidence").text?.text).toBe(
      ":mag: *Evidence and answers* never disagreed: 4 rounds judged, each by the 28 days of evidence up to its end.",
    );
    expect(visibleText(message.blocks)).not.toContain("disagreed in");
  });

  it("under the strict policy charts the disputed round at the level without the practice, dates the standing by it, and says so", async () => {
    await teamWithRounds();
    await setEvidencePolicy(database.db, "T0", "strict");
    const message = await history();
    const said =
      "Strict evidence policy: each round's level leaves out the practices evidence disputed at its end; 1 round is lower for it than the answers say.";
    expect(block(message, "history:trend")).toMatchObject({
      elements: [
        {
          text: `Level 1 → 0 → 1 → 1 → 1 over 5 rounds. ${said} Evidence and answers disagreed in the round of Mon 2 Mar.`,
        },
      ],
    });
    expect(chartIn(message, "history:levels")).toMatchObject({
      title: "Level, last 5 rounds with answers (strict)",
      series: { Level: [1, 0, 1, 1, 1] },
    });
    expect(block(message, "history:standing").text?.text).toContain(
      "at Level 1 since the round of Mon 9 Mar, its highest so far.",
    );
    expect(message.text).toContain(said);
  });

  it("says nothing of evidence for a team that linked nothing", async () => {
    await teamWithRounds(false);
    const message = await history();
    expect(visibleText(message.blocks)).not.toMatch(/evidence/i);
    expect(message.text).not.toMatch(/evidence/i);
  });
});
