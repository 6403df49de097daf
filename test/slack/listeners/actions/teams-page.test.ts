// `/mlops teams` with more teams than one message holds: a Show more button replaces the message with the next
// page, until every team has been shown (issue 12: 121 teams showed 93 and "…and 28 more teams").
import { describe, expect, it } from "vitest";
import { TEAMS_MORE_ACTION } from "../../../../src/slack/ids.js";
import { useBot } from "../../../support/fixture.js";
import { replyOf } from "../../../support/harness.js";
import { visibleText } from "../../../support/messages.js";
import { BOB } from "../../../support/payloads.js";
import { seedTeam } from "../../../support/seed.js";

const TEAMS = 121;
const nameOf = (i: number) =>
  `Team ${String(i).padStart(3, "0")} ${"with a long descriptive name ".repeat(2)}`;
const bot = useBot({
  clock: () => new Date("2026-11-25T12:00:00Z"),
  setup: async (b) => {
    for (let i = 0; i < TEAMS; i++)
      await seedTeam(b.db, { channelId: `CPAGE${i}`, name: nameOf(i), createdAt: "2026-11-01T00:00:00Z" });
  },
});

type Shown = {
  blocks?: { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
};
const pageButton = (message: Shown) =>
  message.blocks
    ?.flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === TEAMS_MORE_ACTION && e.text.text.startsWith("Show more"));
const namesIn = (message: unknown) => [...visibleText(message).matchAll(/\*(Team \d{3})/g)].map((m) => m[1]);

describe("/mlops teams, page by page", () => {
  it("reaches every one of 121 teams through Show more, each page replacing the last", async () => {
    const first = await replyOf(await bot.command("teams", { actor: BOB, channelId: "CANY" }));
    expect(visibleText(first)).toContain("*121 ML teams in this workspace*");
    const seen = namesIn(first);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(TEAMS);
    expect(visibleText(first)).toContain(
      `Teams 1–${seen.length} of 121. …and ${TEAMS - seen.length} more teams: *Show more* lists them.`,
    );

    let page: Shown = first as Shown;
    let pages = 1;
    for (let button = pageButton(page); button; button = pageButton(page)) {
      expect(button.text.text).toBe(`Show more (${TEAMS - seen.length} left)`);
      const before = bot.slack.responses.length;
      const res = await bot.click(TEAMS_MORE_ACTION, {
        actor: BOB,
        value: button.value,
        responseUrl: bot.slack.responseUrl(),
      });
      expect(res.status).toBe(200);
      await bot.slack.waitFor(() => bot.slack.responses.length > before);
      const body = bot.slack.responses.at(-1)?.body as Shown & { replace_original?: boolean };
      expect(body.replace_original).toBe(true);
      seen.push(...namesIn(body));
      page = body;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(Array.from({ length: TEAMS }, (_, i) => `Team ${String(i).padStart(3, "0")}`));
    expect(visibleText(page)).toMatch(/Teams \d+–121 of 121\./);
    expect(visibleText(page)).toContain("Back to the first page");
  });
});
