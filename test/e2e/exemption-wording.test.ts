// A Level 1 team with every Level 3 practice in place, A/B testing as an exemption: what its people read in
// the check-in confirmation, status and Monday's digests. An exemption is named as one, never as done; a
// level not reached gets no tick; the org digest names the round the way the team digest does.
import { describe, expect, it } from "vitest";
import { choicesFor } from "../../src/domain/checkin.js";
import { useBot } from "../support/fixture.js";
import { askStatus, checkIn } from "../support/flows.js";
import { replyOf } from "../support/harness.js";
import { visibleText } from "../support/messages.js";
import { ALICE, BOB } from "../support/payloads.js";
import { upTo } from "../support/rounds.js";
import { posts, tickAt } from "../support/scheduled.js";
import { seedTeam } from "../support/seed.js";

const bot = useBot({ clock: () => new Date("2026-11-24T12:00:00Z") });
const where = (actor = ALICE) => ({ actor, channelId: "CLEVEL1" });
const LEVEL_3 = choicesFor(new Set(upTo(3)));
// Everything up to Level 3 but one Level 2 practice, and A/B testing exempted: Level 1.
const answer = {
  ...LEVEL_3.ladders,
  checked: LEVEL_3.checked.filter((id) => id !== "managed_compute" && id !== "ab_testing"),
  notApplicable: ["ab_testing"],
  naReason: "batch scoring only",
};

describe("an exemption in a Level 1 team", () => {
  it("is named as an exemption, and Level 3 gets no tick while Level 1 is the level", async () => {
    await seedTeam(bot.db, {
      channelId: "CLEVEL1",
      name: "Churn",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: [ALICE.userId, BOB.userId],
    });
    const confirmation = await checkIn(bot, where(), answer);
    expect(confirmation).toBe(
      'Thanks! *Churn* is at *Level 1 — DevOps but no MLOps*; next: Training compute is managed. Exempted as not applicable: A/B testing (Level 3), "batch scoring only". (1 answer this round; `/mlops status` shows the details.)',
    );
    expect(confirmation.match(/Level 1/g)).toHaveLength(1);
    await checkIn(bot, where(BOB), { ...answer, naReason: "a nightly batch" });

    const status = visibleText(await askStatus(bot, where()));
    expect(status).toContain(
      'Exempted as not applicable: A/B testing (Level 3), "a nightly batch", "batch scoring only"',
    );
    expect(status).not.toContain("A/B tested");
    expect(status).toContain(":white_check_mark: Level 1 — DevOps but no MLOps: 6 of 6 in place");
    expect(status).toContain(":large_yellow_circle: Level 2 — Automated Training: 5 of 6 in place");
    expect(status).toContain(
      ":large_yellow_circle: Level 3 — Automated Model Deployment: all in place, counts once Level 2 is reached",
    );
    expect(status).not.toContain(":white_check_mark: Level 3");
    expect(status).toContain("*Next prerequisite:* Training compute is managed");
    expect(status).not.toMatch(/Why it matters:_ .*level 0/i);

    // Monday: the team digest and the org digest name the round of Mon 23 Nov alike, with the same reasons.
    bot.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "UTC" });
    await replyOf(await bot.command("digest", { actor: ALICE, channelId: "CLEADS" }));
    await tickAt(bot.bot.deps, "2026-11-30T09:30:00Z");
    const digest = posts(bot.slack, "CLEVEL1")
      .map((p) => visibleText(p.args.blocks))
      .find((text) => text.includes("MLOps digest"));
    expect(digest).toContain("*Level 1 — DevOps but no MLOps* · round of Mon 23 Nov");
    expect(digest).toContain(
      'Exempted as not applicable: A/B testing (Level 3), "a nightly batch", "batch scoring only"',
    );
    const org = visibleText(posts(bot.slack, "CLEADS").at(-1)?.args.blocks);
    expect(org).toContain("MLOps maturity · rounds of the week of Mon 23 Nov");
    expect(org).toContain("*Exempted as not applicable* (practices teams say do not apply to them");
    expect(org).not.toContain("in place for the level");
    expect(org).toContain(
      "Participation this week: 2 of 2 respondents answered (100%); 1 of 1 team checked in.",
    );
  });
});
