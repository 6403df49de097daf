// The 20,000-team organisation (200 workspaces × 100 teams), behind a flag because seeding it takes a
// while: its Monday tick, run with the node flags `npm start` uses, against the 10 s and 200 MB targets.
import type { FakeSlack } from "../src/fake-slack/server.js";
import { describeScale, type OrgScale } from "./organisation.js";
import type { BenchServer } from "./postgres.js";
import { startFlags } from "./runtime-flags.js";
import { type SeedFigures, seedDatabase } from "./seed.js";
import { measureTick, type TickRun } from "./tick-bench.js";
import { benchTimeline } from "./timeline.js";

/**
 * A quarter of weekly history, not two years: the tick reads the rounds it closes, the digests' trend
 * and the outbox of the current rounds, so older rounds change what it reads only through index depth.
 */
export const LARGE_ORGANISATION: OrgScale = {
  workspaces: 200,
  teamsPerWorkspace: 100,
  respondentsPerTeam: 5,
  rounds: 13,
};

export interface LargeTick {
  seed: SeedFigures;
  run: TickRun;
}

export async function measureLargeTick(
  server: BenchServer,
  slack: FakeSlack,
  logDir: string,
): Promise<LargeTick> {
  const timeline = benchTimeline(new Date(), LARGE_ORGANISATION.rounds);
  console.log(`  seeding ${describeScale(LARGE_ORGANISATION)}…`);
  const url = await server.createDatabase("large");
  const seed = await seedDatabase(url, LARGE_ORGANISATION, timeline);
  const teams = LARGE_ORGANISATION.workspaces * LARGE_ORGANISATION.teamsPerWorkspace;
  const flags = startFlags();
  const run = await measureTick({
    slack,
    at: timeline.tickAt,
    logDir,
    label: `${teams.toLocaleString("en")} teams, npm start's flags (${flags.join(" ") || "none"})`,
    databaseUrl: url,
    paced: false,
    nodeFlags: flags,
  });
  return { seed, run };
}

export function largeTickLines({ seed, run }: LargeTick): string[] {
  return [
    `  seeded ${describeScale(seed.scale)} in ${seed.seconds.toFixed(1)} s (${seed.rows.answers?.toLocaleString("en")} answers, ${seed.rows.deliveries?.toLocaleString("en")} outbox rows)`,
    `  ${run.label}: wall ${(run.wallMs / 1000).toFixed(2)} s, CPU ${(run.cpuMs / 1000).toFixed(2)} s, database ${(run.dbMs / 1000).toFixed(2)} s, ${run.queries} queries + ${run.outboxWrites.toLocaleString("en")} outbox writes, ${run.messages.toLocaleString("en")} messages, peak RSS ${run.peakRssMb.toFixed(0)} MB (heap ${run.peakHeapMb.toFixed(0)} MB), ${run.failed} failed`,
  ];
}
