// The tick runs of one benchmark: every team at once, the same tick again, under a heap cap, and a
// smaller organisation unpaced and paced; and what they say about pacing and memory.
import { totalmem } from "node:os";
import type { FakeSlack } from "../src/fake-slack/server.js";
import { TICK_CONCURRENCY } from "./apps.js";
import { describeScale, type OrgScale } from "./organisation.js";
import type { BenchServer } from "./postgres.js";
import { startFlags } from "./runtime-flags.js";
import { seedDatabase } from "./seed.js";
import { measureTick, type TickBench, type TickRun } from "./tick-bench.js";
import type { BenchTimeline } from "./timeline.js";

const INSTANT_NOTE =
  "Monday 09:30 in New York: the 09:00 digests of all four zones are due and current (UTC 14:30, Berlin 15:30, Kolkata 20:00); Monday prompts whose time has passed are due too";

export async function runTicks(
  server: BenchServer,
  slack: FakeSlack,
  scales: { org: OrgScale; small: OrgScale },
  orgUrl: string,
  timeline: BenchTimeline,
  logDir: string,
): Promise<TickBench> {
  console.log(`Monday tick at ${timeline.tickAt.toISOString()}:`);
  // As npm start runs the bot (its heap cap); one extra run without, to show what the cap saves.
  const common = { slack, at: timeline.tickAt, logDir, nodeFlags: startFlags() };
  const teams = (scale: OrgScale) => scale.workspaces * scale.teamsPerWorkspace;
  const uncappedUrl = await server.createDatabase("org_uncapped", orgUrl);
  const full = await measureTick({
    ...common,
    label: `${teams(scales.org)} teams`,
    databaseUrl: orgUrl,
    paced: false,
  });
  const again = await measureTick({ ...common, label: "same tick again", databaseUrl: orgUrl, paced: false });
  const uncapped = await measureTick({
    ...common,
    label: `${teams(scales.org)} teams, no heap cap`,
    databaseUrl: uncappedUrl,
    paced: false,
    nodeFlags: [],
  });
  console.log(`  seeding ${describeScale(scales.small)} for the scaling check…`);
  const smallUrl = await server.createDatabase("small");
  await seedDatabase(smallUrl, scales.small, timeline);
  const pacedUrl = await server.createDatabase("small_paced", smallUrl);
  const small = await measureTick({
    ...common,
    label: `${teams(scales.small)} teams`,
    databaseUrl: smallUrl,
    paced: false,
  });
  const paced = await measureTick({
    ...common,
    label: `${teams(scales.small)} teams, paced`,
    databaseUrl: pacedUrl,
    paced: true,
  });
  return {
    at: timeline.tickAt.toISOString(),
    instantNote: INSTANT_NOTE,
    runs: [full, again, uncapped, small, paced],
    notes: [...pacingNotes(full, small, paced), heapNote(full, uncapped)],
  };
}

function heapNote(full: TickRun, uncapped: TickRun): string {
  const flags = full.nodeFlags.join(" ") || "no node flags";
  return `peak RSS follows V8's heap sizing: with npm start's ${flags} the ${full.teams}-team tick peaks at ${full.peakRssMb.toFixed(0)} MB RSS (heap ${full.peakHeapMb.toFixed(0)} MB); without them V8 sizes the heap from this machine's ${Math.round(totalmem() / 2 ** 30)} GB and the same tick peaks at ${uncapped.peakRssMb.toFixed(0)} MB (heap ${uncapped.peakHeapMb.toFixed(0)} MB)`;
}

function pacingNotes(full: TickRun, small: TickRun, paced: TickRun): string[] {
  const measured = (paced.wallMs - small.wallMs) / 1000;
  const bound = paced.pacing.pacingBoundSeconds;
  const predicted = (full.pacing.pacingBoundSeconds * measured) / Math.max(bound, 1);
  return [
    `pacing off = the tick's own work; "paced" = the product's ChannelPacer: 1 message/s per channel, ${TICK_CONCURRENCY} channels at a time (shortest same-channel gap ${paced.pacing.minGapMs ?? "n/a"} ms)`,
    `${small.teams} teams: ${paced.messages} messages to ${paced.pacing.channels} channels (up to ${paced.pacing.maxPerChannel} each): pacing cannot cost less than ${bound.toFixed(1)} s; it cost ${measured.toFixed(1)} s`,
    `${full.teams} teams: ${full.messages} messages to ${full.pacing.channels} channels: at least ${full.pacing.pacingBoundSeconds.toFixed(1)} s of pacing, about ${predicted.toFixed(0)} s at the same efficiency: Slack's per-channel rule, not the bot's work`,
  ];
}
