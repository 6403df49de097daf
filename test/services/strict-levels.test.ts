// A group's roll-up under the strict evidence policy: its counts, chart, median and movers leave out the
// practices evidence disputed at each round's end, as the org digest does, and every one of them says so.
import { beforeEach, describe, expect, it } from "vitest";
import { setEvidencePolicy, storeSignals } from "../../src/db/evidence.js";
import { createApiToken } from "../../src/services/api-tokens.js";
import { levelTitle } from "../../src/slack/views/phrases.js";
import { useBot } from "../support/fixture.js";
import { openHome } from "../support/flows.js";
import { replyOf } from "../support/harness.js";
import { chartIn, visibleText } from "../support/messages.js";
import { ADA, introducePeople } from "../support/people.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { seedGroup, seedLink, seedTeam, snapshot } from "../support/seed.js";
import { signal } from "../support/signals.js";

// Weekly UTC teams: the rounds of 16 and 23 Mar ended on 23 and 30 Mar; it is Wednesday 1 Apr.
const NOW = new Date("2026-04-01T12:00:00Z");
const bot = useBot({ clock: () => NOW, resetBetweenTests: true, setup: introducePeople });

const push = (at: string) =>
  signal("push", { ref: "refs/heads/main", commits: 6, defaultBranch: true }, { subject: "acme/api", at });

beforeEach(async () => {
  const ids: number[] = [];
  for (const name of ["Pusher", "Steady"]) {
    const channelId = `C${name.toUpperCase()}`;
    const id = await seedTeam(bot.db, {
      channelId,
      name,
      createdAt: "2026-02-20T00:00:00Z",
      respondents: [ADA.userId],
    });
    for (const period of ["2026-03-16", "2026-03-23"])
      await snapshot(bot.db, { mlTeamId: id, period, met: SEED_LEVEL_1 });
    ids.push(id);
  }
  // Pusher says it builds automatically; in each round's 28 days it pushed to main with no CI run at all.
  pusher = ids[0] ?? 0;
  await seedLink(bot.db, { mlTeamId: pusher, subject: "acme/api", linkedAt: "2026-03-01T08:00:00Z" });
  await storeSignals(bot.db, "T0", [push("2026-03-20T10:00:00Z"), push("2026-03-27T10:00:00Z")]);
  await seedGroup(bot.db, { name: "Core", mlTeamIds: ids });
});

let pusher = 0;
const groupStatus = async () =>
  replyOf(await bot.command("status group Core", { actor: ADA, channelId: "CLEADS" }));

describe("a group's roll-up under the strict evidence policy", () => {
  it("counts, draws and takes the median of levels without the disputed practice, moves nobody whose rounds were both disputed, and says so", async () => {
    const shown = await groupStatus();
    expect(visibleText(shown)).toContain(`${levelTitle(1)}: *2*`);
    expect(visibleText(shown)).toContain(`*Median level:* ${levelTitle(1)}`);
    expect(visibleText(shown)).not.toContain("strict");

    await setEvidencePolicy(bot.db, "T0", "strict");
    const strict = await groupStatus();
    const text = visibleText(strict);
    expect(text).toContain(`${levelTitle(0)}: *1*\n${levelTitle(1)}: *1*`);
    expect(text).toContain(
      ":scales: _Strict evidence policy:_ each level leaves out the practices evidence disputes; 1 team's level is lower for it than the answers say.",
    );
    expect(chartIn(strict, "group:levels")).toMatchObject({
      title: "Teams per level (strict policy)",
      series: { Teams: [1, 1, 0, 0, 0] },
    });
    expect(text).toContain(`*Median level:* ${levelTitle(0)} (strict evidence policy)`);
    expect(strict.text).toContain(`median ${levelTitle(0)} (strict evidence policy)`);
    expect(text).toContain("*Moved over the last 4 rounds*: nobody");

    const created = await createApiToken(
      { db: bot.db, clock: () => NOW },
      { label: "strict groups", scope: { kind: "workspace", id: "T0" } },
    );
    if (created.kind !== "created") throw new Error(created.kind);
    const api = await fetch(`${bot.url}/api/v1/groups/Core`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(await api.json()).toMatchObject({
      perLevel: [1, 1, 0, 0, 0],
      median: 0,
      strictEvidencePolicy: true,
    });
  });

  it("moves a team from its oldest of the last rounds, judged without what evidence disputed then, to its latest", async () => {
    // The round of 2 Mar (ended 9 Mar) had no push in its 28 days: Level 1 by answers and by evidence.
    await snapshot(bot.db, { mlTeamId: pusher, period: "2026-03-02", met: SEED_LEVEL_1 });
    expect(visibleText(await groupStatus())).toContain("*Moved over the last 4 rounds*: nobody");

    await setEvidencePolicy(bot.db, "T0", "strict");
    expect(visibleText(await groupStatus())).toContain(
      ":left_right_arrow: *Moved over the last 4 rounds* (1)\n• *Pusher* (<#CPUSHER>) 1 → 0",
    );
  });

  it("on the App Home: a team's trend and the overview's movers use the levels as counted, so the card agrees with its level", async () => {
    // The round of 2 Mar (ended 9 Mar) had no push in its 28 days: Level 1 by answers and by evidence.
    await snapshot(bot.db, { mlTeamId: pusher, period: "2026-03-02", met: SEED_LEVEL_1 });
    const shown = visibleText((await openHome(bot, ADA)).blocks);
    expect(shown).toContain("Trend: Level 1 → 1 → 1 over 3 rounds");
    expect(shown).toContain("No team changed level in the last 4 weeks.");

    await setEvidencePolicy(bot.db, "T0", "strict");
    const strict = visibleText((await openHome(bot, ADA)).blocks);
    expect(strict).toContain("Trend: Level 1 → 0 → 0 over 3 rounds");
    expect(strict).toContain("*Pusher* <#CPUSHER> 1 → 0");
  });
});
