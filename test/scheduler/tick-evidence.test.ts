// Evidence in the digests the tick posts: each team digest judges its round by the 28 days of signals up to the
// round's end; the org digest counts the teams whose level evidence fully verifies.
import type { KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { setEvidencePolicy, storeSignals } from "../../src/db/evidence.js";
import { criterion, shortName } from "../../src/domain/rubric.js";
import { levelTitle } from "../../src/slack/views/phrases.js";
import { testDeps } from "../support/deps.js";
import { useDatabase, useFakeSlack } from "../support/fixture.js";
import { block, blockIds, chartIn, visibleText } from "../support/messages.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { posts, tickAt } from "../support/scheduled.js";
import { answer, seedLink, seedTeam, snapshot } from "../support/seed.js";
import { deployment, signal, workflowRun } from "../support/signals.js";

const database = useDatabase({ resetBetweenTests: true });
const slack = useFakeSlack({ resetBetweenTests: true });
const deps = () => testDeps(database.db, slack);

// UTC teams, weekly on Monday: the round of 23 Mar ends on 30 Mar at 00:00, and its digest and the workspace's
// org digest go out that Monday at 09:00.
const MON_23 = "2026-03-23";
const CLOSE = "2026-03-30T09:00:00Z";
const LINKED = "2026-03-01T08:00:00Z";

/** Three teams at Level 1 by their answers: one whose CI and releases verify it, one that pushes without CI, one unlinked. */
async function threeTeams() {
  const ids: number[] = [];
  for (const channelId of ["CVERIFIED", "CDISPUTED", "CUNLINKED"]) {
    const id = await seedTeam(database.db, {
      channelId,
      name: channelId.slice(1).toLowerCase(),
      createdAt: "2026-03-02T08:00:00Z",
      respondents: ["UALICE"],
    });
    await answer(database.db, { mlTeamId: id, period: MON_23, userId: "UALICE", met: SEED_LEVEL_1 });
    ids.push(id);
  }
  const [verified = 0, disputed = 0] = ids;
  await seedLink(database.db, {
    mlTeamId: verified,
    subject: "acme/web",
    linkedAt: LINKED,
    signals: [
      workflowRun({ workflowName: "Unit tests" }, { at: "2026-03-25T10:00:00Z" }),
      deployment({ creatorType: "automation" }, { at: "2026-03-26T10:00:00Z" }),
      signal("file", { path: "score.py", present: true }, { at: "2026-03-20T08:00:00Z" }),
      // After the round's end: two releases by hand would dispute automated releases, but they are another
      // round's evidence, never this one's.
      deployment({ creatorType: "person" }, { at: "2026-03-30T08:00:00Z" }),
      deployment({ creatorType: "person" }, { at: "2026-03-30T08:30:00Z" }),
    ],
  });
  await seedLink(database.db, {
    mlTeamId: disputed,
    subject: "acme/api",
    linkedAt: LINKED,
    signals: [
      signal(
        "push",
        { ref: "refs/heads/main", commits: 12, defaultBranch: true },
        { subject: "acme/api", at: "2026-03-27T10:00:00Z" },
      ),
    ],
  });
  await database.db
    .updateTable("workspaces")
    .set({ digest_channel_id: "CDIGEST", digest_time_zone: "UTC", digest_set_by: "UALICE" })
    .execute();
  return { verified, disputed };
}

function digestIn(channel: string) {
  const [post] = posts(slack, channel).filter((c) => blockIds(c.args).some((id) => id.startsWith("digest:")));
  if (!post) throw new Error(`no digest in ${channel}`);
  return post.args as { text: string; blocks: never[] };
}

const BUILDS = criterion("automated_builds").title;

describe("evidence in the team digest", () => {
  it("says how many practices in place evidence verifies, names the disputed ones with their facts, and says nothing for a team with no links", async () => {
    await threeTeams();
    await tickAt(deps(), CLOSE);

    const verified = digestIn("CVERIFIED");
    expect(block(verified, "digest:evidence").text?.text).toBe(
      `:mag: *Evidence at the round's end:* 5 of ${SEED_LEVEL_1.length} practices in place verified by evidence; the level is fully verified; none disputed.`,
    );
    expect(verified.text).toContain(
      "Evidence: 5 of 6 practices in place verified by evidence; the level is fully verified.",
    );

    const disputed = digestIn("CDISPUTED");
    const evidence = block(disputed, "digest:evidence").text?.text ?? "";
    expect(evidence).toContain(
      `0 of ${SEED_LEVEL_1.length} practices in place verified by evidence; disputed:`,
    );
    expect(evidence).toContain(
      `• ${BUILDS} — GitHub: 12 commits pushed and no CI run at all in 28 days, last 2 d ago (in acme/api)`,
    );
    expect(disputed.text).toContain(`disputed: ${BUILDS}`);
    // Under the shown policy the level stays the answers' own.
    expect(blockIds(disputed)).toContain("level:1");
    expect(visibleText(disputed.blocks)).not.toContain("Strict evidence policy");

    const unlinked = digestIn("CUNLINKED");
    expect(blockIds(unlinked)).not.toContain("digest:evidence");
    expect(visibleText(unlinked.blocks)).not.toContain("evidence");
    expect(unlinked.text).not.toContain("Evidence");
  });

  it("under the strict policy shows the level without the disputed practice, and says so", async () => {
    await threeTeams();
    await setEvidencePolicy(database.db, "T0", "strict");
    await tickAt(deps(), CLOSE);

    const disputed = digestIn("CDISPUTED");
    expect(blockIds(disputed)).toContain("level:0");
    expect(block(disputed, "level:0").text?.text).toContain(
      `:scales: Strict evidence policy: the level leaves out 1 practice evidence disputes (${BUILDS}).`,
    );
    expect(disputed.text).toContain("The level leaves out 1 disputed practice (strict evidence policy).");
    // The trend ends at the level the digest heads with, in the chart and in words.
    expect(chartIn(disputed, "digest:levels").series.Level).toEqual([0]);
    expect(visibleText(block(disputed, "digest:trend"))).toBe("Trend: Level 0 over 1 round.");
    // The verified team's level is untouched and says nothing was left out.
    expect(block(digestIn("CVERIFIED"), "level:1").text?.text).toContain(
      "Strict evidence policy: no practice in place is disputed by evidence.",
    );
  });
});

describe("evidence in the org digest", () => {
  it("counts the teams whose level evidence fully verifies and lists the disputed ones, in blocks and text", async () => {
    await threeTeams();
    await tickAt(deps(), CLOSE);

    const [org] = posts(slack, "CDIGEST");
    const shown = org?.args as { text: string; blocks: never[] };
    const evidence = block(shown, "org:evidence").text?.text ?? "";
    expect(evidence).toContain(
      ":mag: *Evidence:* 1 of 3 teams' levels is fully verified by evidence (2 teams link their systems).",
    );
    expect(evidence).toContain("*Disputed by evidence* (1)");
    expect(evidence).toContain(`• *disputed* (<#CDISPUTED>) — ${shortName("automated_builds")}`);
    expect(shown.text).toContain("1 of 3 teams' levels is fully verified by evidence; disputed: disputed");
    expect(blockIds(shown)).not.toContain("org:evidence_strict");
  });

  it("under the strict policy names the teams whose level is lower than their answers say", async () => {
    await threeTeams();
    await setEvidencePolicy(database.db, "T0", "strict");
    await tickAt(deps(), CLOSE);
    const [org] = posts(slack, "CDIGEST");
    const shown = org?.args as { text: string; blocks: never[] };
    expect(block(shown, "org:evidence_strict").text?.text).toContain("*disputed* (<#CDISPUTED>) Level 1 → 0");
    expect(shown.text).toContain("under the strict policy 1 team stands lower");
  });

  it("under the strict policy counts, draws and moves every team by its level without disputed practices, and says so beside the levels and both charts", async () => {
    const { disputed } = await threeTeams();
    // The round before was at Level 1 by its answers too, and its own 28 days show the same pushes without CI.
    await snapshot(database.db, { mlTeamId: disputed, period: "2026-03-16", met: SEED_LEVEL_1 });
    await storeSignals(database.db, "T0", [
      signal(
        "push",
        { ref: "refs/heads/main", commits: 5, defaultBranch: true },
        { subject: "acme/api", at: "2026-03-20T10:00:00Z" },
      ),
    ]);
    const orgDigest = async () => {
      await tickAt(deps(), CLOSE);
      const [org] = posts(slack, "CDIGEST");
      slack.reset();
      await database.db.deleteFrom("deliveries").execute();
      return org?.args as { text: string; blocks: never[] };
    };

    const shown = await orgDigest();
    expect(block(shown, "org:levels").text?.text).toContain(`${levelTitle(1)}: *3*`);
    expect(visibleText(shown.blocks)).not.toContain("Strict evidence policy");

    await setEvidencePolicy(database.db, "T0", "strict");
    const strict = await orgDigest();
    const levels = block(strict, "org:levels").text?.text ?? "";
    expect(levels).toContain(`${levelTitle(0)}: *1*\n${levelTitle(1)}: *2*`);
    expect(levels).toContain(
      ":scales: _Strict evidence policy:_ each level leaves out the practices evidence disputes; 1 team's level is lower for it than the answers say.",
    );
    const chart = chartIn(strict, "org:levels_chart");
    expect(chart.title).toBe("Teams per level (strict policy)");
    expect(chart.series.Teams).toEqual([1, 2, 0, 0, 0]);
    // Both rounds were disputed at their ends: Level 0 then Level 0, so the team did not move.
    expect(block(strict, "org:moved_down").text?.text).toBe(":arrow_down: *Moved down*: nobody this week.");
    expect(chartIn(strict, "org:level_weeks").title).toBe("Teams per level, last 12 weeks (strict policy)");
    expect(visibleText(strict.blocks)).toContain(
      "Strict evidence policy: rounds that ended in the last 35 days leave out the practices evidence disputes",
    );
  });
});

/** Counts the statements that read evidence (links, signals, policies, MLflow sources) through a db. */
function evidenceReads(): { plugin: KyselyPlugin; count: () => number } {
  let reads = 0;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      const shown = JSON.stringify(node);
      if (
        node.kind === "SelectQueryNode" &&
        /"(evidence_links|evidence_signals|mlflow_sources|evidence_policy)"/.test(shown)
      )
        reads++;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { plugin, count: () => reads };
}

describe("the cost of evidence in a tick", () => {
  it("reads the evidence of every digested team in the same few statements, whatever their number", async () => {
    const readsWith = async (teams: number) => {
      for (let i = 0; i < teams; i++) {
        const id = await seedTeam(database.db, {
          channelId: `C${teams}X${i}`,
          createdAt: "2026-03-02T08:00:00Z",
          respondents: ["UALICE"],
        });
        await answer(database.db, { mlTeamId: id, period: MON_23, userId: "UALICE", met: SEED_LEVEL_1 });
        await seedLink(database.db, {
          mlTeamId: id,
          subject: `acme/repo-${teams}-${i}`,
          linkedAt: LINKED,
          signals: [workflowRun({}, { subject: `acme/repo-${teams}-${i}`, at: "2026-03-25T10:00:00Z" })],
        });
      }
      const reads = evidenceReads();
      await tickAt(testDeps(database.db.withPlugin(reads.plugin), slack), CLOSE);
      const digests = posts(slack).filter((c) => blockIds(c.args).includes("digest:evidence"));
      await database.db.deleteFrom("ml_teams").execute();
      await database.db.deleteFrom("deliveries").execute();
      slack.reset();
      return { reads: reads.count(), digests: digests.length };
    };
    const few = await readsWith(2);
    const many = await readsWith(12);
    expect(few.digests).toBe(2);
    expect(many.digests).toBe(12);
    expect(many.reads).toBe(few.reads);
    // The digests' links, signals and policies (no MLflow source is linked), and the MLflow poll's subjects.
    expect(few.reads).toBe(4);
  });
});
