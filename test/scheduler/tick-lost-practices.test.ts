// What lost-practice detection costs the tick (issue 21): the practices a round lost are found in the history
// the tick reads for every digest anyway, so closing rounds for more teams adds no statement per team.
import type { KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { testDeps } from "../support/deps.js";
import { useDatabase, useFakeSlack } from "../support/fixture.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { kinds, tickAt } from "../support/scheduled.js";
import { answer, seedTeam, snapshot } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const slack = useFakeSlack({ resetBetweenTests: true });

// UTC teams, weekly on Monday: the round of 23 Mar closes on 30 Mar, and its digest and nudges go out at 09:00.
const PREVIOUS = "2026-03-16";
const CLOSING = "2026-03-23";
const CLOSE = "2026-03-30T09:30:00Z";

/**
 * Counts every statement through a db, except the outbox's claims and outcomes (one or two per message, by
 * design: exactly-once delivery), which follow the messages sent rather than the teams read.
 */
function statements(): { plugin: KyselyPlugin; count: () => number } {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      const outbox =
        node.kind === "RawNode"
          ? /^\s*(update|insert into) deliveries\b/.test(node.sqlFragments[0] ?? "")
          : (node.kind === "InsertQueryNode" || node.kind === "UpdateQueryNode") &&
            JSON.stringify(node).includes('"deliveries"');
      if (!outbox) count++;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { plugin, count: () => count };
}

/** `teams` teams that each counted Level 1 and a managed compute last round, and keep Level 1 without it. */
async function teamsLosingAPractice(teams: number): Promise<void> {
  for (let i = 0; i < teams; i++) {
    const id = await seedTeam(database.db, {
      channelId: `CLOSS${i}`,
      createdAt: "2026-03-02T08:00:00Z",
      respondents: ["UALICE"],
    });
    await snapshot(database.db, {
      mlTeamId: id,
      period: PREVIOUS,
      met: [...SEED_LEVEL_1, "managed_compute"],
    });
    await answer(database.db, { mlTeamId: id, period: CLOSING, userId: "UALICE", met: SEED_LEVEL_1 });
  }
}

describe("the cost of lost-practice detection in a tick", () => {
  it("closes the rounds of 3 and of 15 teams that each lost a practice in the same number of statements, one practice-lost nudge per team", async () => {
    const tickWith = async (teams: number) => {
      await teamsLosingAPractice(teams);
      const counted = statements();
      await tickAt(testDeps(database.db.withPlugin(counted.plugin), slack), CLOSE);
      const nudges = kinds(slack).filter((k) => k === "nudge:practice_lost").length;
      await database.db.deleteFrom("ml_teams").execute();
      await database.db.deleteFrom("deliveries").execute();
      slack.reset();
      return { statements: counted.count(), nudges };
    };
    const few = await tickWith(3);
    const many = await tickWith(15);
    expect(few.nudges).toBe(3);
    expect(many.nudges).toBe(15);
    expect(many.statements).toBe(few.statements);
  });
});
