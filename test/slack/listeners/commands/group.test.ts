import { beforeEach, describe, expect, it } from "vitest";
import type { CriterionId } from "../../../../src/domain/rubric.js";
import { useBot } from "../../../support/fixture.js";
import { replyOf } from "../../../support/harness.js";
import { chartIn, visibleText } from "../../../support/messages.js";
import { ADA, CAROL, introducePeople, NOBODY, OWEN } from "../../../support/people.js";
import { seedTeam, snapshot } from "../../../support/seed.js";
import { LEVEL_1_CHECKED, LEVEL_2_CHECKED } from "../../../support/seed-levels.js";

const NOW = new Date("2026-03-25T12:00:00Z");
const bot = useBot({ clock: () => NOW, resetBetweenTests: true, setup: introducePeople });

const as = (actor: typeof ADA, text: string) => bot.command(text, { actor, channelId: "CLEADS" });
const run = async (text: string, actor = ADA) => replyOf(await as(actor, text));
const mention = (channelId: string) => `<#${channelId}|ml-${channelId.toLowerCase()}>`;

const groupRows = () =>
  bot.db
    .selectFrom("ml_groups as g")
    .leftJoin("ml_group_teams as m", "m.group_id", "g.id")
    .select(["g.name", "m.ml_team_id"])
    .orderBy("g.name")
    .orderBy("m.ml_team_id")
    .execute();

// As stored: the ladders' rungs expanded (a versioned scoring script; a tested one, working with data engineers).
const L1 = [...LEVEL_1_CHECKED, "scoring_script_versioned"] as CriterionId[];
const L2 = [
  ...LEVEL_2_CHECKED,
  "ds_de_collaboration",
  "scoring_script_versioned",
  "tested_scoring_script",
] as CriterionId[];

let teams: { search: number; ranking: number; vision: number };
beforeEach(async () => {
  const createdAt = "2026-01-01T00:00:00Z";
  teams = {
    search: await seedTeam(bot.db, { channelId: "CSEARCH", name: "Search", createdAt }),
    ranking: await seedTeam(bot.db, { channelId: "CRANKING", name: "Ranking", createdAt }),
    vision: await seedTeam(bot.db, { channelId: "CVISION", name: "Vision", createdAt }),
  };
  await seedTeam(bot.db, { channelId: "COUTSIDE", name: "Outside", createdAt });
  // Search climbs from 1 to 2; Ranking holds level 1 but loses a practice; Vision (level 2) missed its last round.
  for (const [period, search, ranking] of [
    ["2026-02-16", L1, L1],
    ["2026-02-23", L1, L1],
    ["2026-03-02", L1, L1],
    ["2026-03-09", L2, [...L1, "managed_compute"]],
    ["2026-03-16", L2, L1],
  ] as const) {
    await snapshot(bot.db, { mlTeamId: teams.search, period, met: search });
    await snapshot(bot.db, { mlTeamId: teams.ranking, period, met: ranking });
  }
  await snapshot(bot.db, { mlTeamId: teams.search, period: "2026-02-09", met: [] });
  await snapshot(bot.db, { mlTeamId: teams.vision, period: "2026-03-09", met: L2 });
  await snapshot(bot.db, { mlTeamId: teams.vision, period: "2026-03-16", met: null });
});

describe("/mlops group", () => {
  it("lets an admin create a group of three teams, and anyone read its roll-up with a chart", async () => {
    expect((await run("group create Recommendations")).text).toContain("Group *Recommendations* is created");
    const added = await run(
      `group add recommendations ${mention("CSEARCH")} ${mention("CRANKING")} ${mention("CVISION")}`,
    );
    expect(added.text).toContain("Added 3 teams to *Recommendations*");
    expect((await run(`group add Recommendations ${mention("CSEARCH")}`, OWEN)).text).toContain(
      "Added 0 teams to *Recommendations* (1 team was in it already)",
    );

    const reply = await run("status group RECOMMENDATIONS", CAROL);
    expect(reply.response_type).toBe("ephemeral");
    const chart = chartIn(reply, "group:levels");
    expect(chart.type).toBe("bar");
    expect(chart.categories).toEqual(["Level 0", "Level 1", "Level 2", "Level 3", "Level 4"]);
    expect(chart.series.Teams).toEqual([0, 1, 2, 0, 0]);
    const shown = visibleText(reply);
    expect(shown).toContain("*Group Recommendations* · 3 teams");
    expect(shown).toContain("Level 1 — DevOps but no MLOps: *1*");
    expect(shown).toContain("Level 2 — Automated Training: *2*");
    expect(shown).toContain("*Median level:* Level 2 — Automated Training");
    expect(shown).toMatch(/Moved over the last 4 rounds\* \(1\)\n• \*Search\* \(<#CSEARCH>\) 1 → 2/);
    expect(shown).toMatch(
      /Lost a practice in their last round\* \(1 team\)\n• \*Ranking\* \(<#CRANKING>\): /,
    );
    expect(shown).toMatch(/Missed their check-in\* \(1\)\n• \*Vision\* \(<#CVISION>\)/);
    expect(shown).toContain("Most common next prerequisites");
    expect(shown).toContain("4 of 6 respondents answered (67%); 2 of 3 teams checked in");
    expect(shown).not.toContain("Outside");

    const list = await run("group list", CAROL);
    expect(visibleText(list)).toContain("*1 group in this workspace*\n• *Recommendations*: 3 teams");
  });

  it("finds a group by its name pasted from a reply that showed its marks as look-alikes", async () => {
    expect((await run("group create *Search* _team_")).text).toContain("is created");
    expect(visibleText(await run("status group ∗search∗ ＿team＿", CAROL))).toContain(
      "No teams in this group yet",
    );
    // They look the same in Slack, so they are the same name; so do names that differ only in spaces.
    expect((await run("group create ∗Search∗ ＿team＿")).text).toContain("already");
    expect((await run("group create *search*   _team_")).text).toContain("already");
  });

  it("refuses, saying why and changing nothing: non-admins, duplicates, bad names, unknown groups and channels", async () => {
    await run("group create Platform");
    await run(`group add Platform ${mention("CSEARCH")}`);
    const before = await groupRows();

    expect((await run("group create Ads", CAROL)).text).toContain(
      "Only workspace admins and owners (and org admins on Enterprise Grid) can create, change or delete groups, so nothing changed",
    );
    expect((await run(`group add Platform ${mention("CRANKING")}`, CAROL)).text).toContain("nothing changed");
    expect((await run("group delete Platform", CAROL)).text).toContain("nothing changed");
    expect((await run("group create Ads", NOBODY)).text).toContain("I couldn't check with Slack who you are");
    expect((await run("group create pLaTfOrM")).text).toContain(
      "This workspace already has a group called *Platform* (names are the same whatever their case)",
    );
    expect((await run(`group create ${"x".repeat(81)}`)).text).toContain(
      "A group name can be at most 80 characters",
    );
    expect((await run("group create")).text).toContain("A group needs a name");
    expect((await run(`group add Nope ${mention("CSEARCH")}`)).text).toContain(
      "There is no group called *Nope* in this workspace",
    );
    expect((await run(`group add Platform ${mention("CRANKING")} ${mention("CNOTEAM")}`)).text).toContain(
      "No ML team is set up in <#CNOTEAM>, so nothing changed",
    );
    expect((await run(`group remove Platform ${mention("CRANKING")}`)).text).toContain(
      "The team of <#CRANKING> is not in *Platform*, so nothing changed",
    );
    expect((await run(`group remove Platform ${mention("CRANKING")} ${mention("CVISION")}`)).text).toContain(
      "The teams of <#CRANKING>, <#CVISION> are not in *Platform*, so nothing changed",
    );
    expect((await run("group add Platform #search")).text).toContain("I couldn't read");
    expect((await run("group frobnicate")).text).toContain("I couldn't read");
    expect((await run("status group Nope", CAROL)).text).toContain("There is no group called *Nope*");
    expect(await groupRows()).toEqual(before);
  });

  it("keeps a team in several groups, removes it from one, deletes a group and leaves the teams be", async () => {
    // What Slack sends for "Search & Ads" and "@channel tribe" typed by a person.
    await run("group create Search &amp; Ads");
    await run("group create <!channel> tribe");
    await run(`group add Search &amp; Ads ${mention("CSEARCH")} ${mention("CRANKING")}`);
    await run(`group add <!channel> tribe ${mention("CSEARCH")}`);
    const list = await run("group list");
    expect(JSON.stringify(list)).not.toContain("<!channel>");
    expect(visibleText(list)).toContain("• *&lt;!channel&gt; tribe*: 1 team\n• *Search &amp; Ads*: 2 teams");

    expect((await run(`group remove Search &amp; Ads ${mention("CRANKING")}`)).text).toContain(
      "Removed 1 team from *Search &amp; Ads*",
    );
    expect((await run("group delete search &amp; ads")).text).toContain(
      "Group *Search &amp; Ads* is deleted; its 1 team and their answers are as they were",
    );
    expect(await groupRows()).toEqual([{ name: "<!channel> tribe", ml_team_id: teams.search }]);
    expect(await bot.db.selectFrom("ml_teams").select("id").execute()).toHaveLength(4);
  });

  it("says nobody moved over the last rounds without speaking of a week, and counts an emoji as one character", async () => {
    await run(`group create Steady`);
    await run(`group add Steady ${mention("CRANKING")}`);
    expect(visibleText(await run("status group steady"))).toContain(
      "*Moved over the last 4 rounds*: nobody.",
    );
    expect((await run(`group create ${"🚀".repeat(80)}`)).text).toContain("is created");
    expect((await run(`group create ${"🚀".repeat(81)}`)).text).toContain("at most 80 characters");
  });

  it("shows an empty group plainly, and is in /mlops help", async () => {
    await run("group create Empty");
    expect(visibleText(await run("status group empty"))).toContain("No teams in this group yet");
    expect((await run("group delete empty")).text).toContain("Group *Empty* is deleted (it had no teams).");
    const help = visibleText(await run("help", CAROL));
    expect(help).toContain("/mlops group create|add|remove|delete|list");
    expect(help).toContain("`/mlops status group &lt;name&gt;`: a group's roll-up");
  });
});
