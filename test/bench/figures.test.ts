import { describe, expect, it } from "vitest";
import { type FloorComparison, floorTargets } from "../../bench/floors.js";
import type { StartupRun } from "../../bench/startup.js";
import type { AppFigures, LoadRun, StatusComparison } from "../../bench/status-bench.js";
import { checkTargets, hotPathTargets, largeTickTargets, startupTargets } from "../../bench/targets.js";
import { pacingOf, type TickRun } from "../../bench/tick-bench.js";
import type { RecordedCall } from "../../src/fake-slack/server.js";

function post(channel: string, at: number): RecordedCall {
  return { method: "chat.postMessage", args: { channel }, token: "xoxb-bench", at };
}

describe("pacingOf", () => {
  it("finds the spacing per channel and the least time the 1 message/s rule costs", () => {
    const posts = [post("C1", 0), post("C2", 5), post("C1", 1_000), post("C1", 2_010), post("C2", 1_005)];
    expect(pacingOf(posts)).toEqual({
      channels: 2,
      maxPerChannel: 3,
      minGapMs: 1_000,
      // C1 waits twice: the busiest channel bounds it, 25 channels at a time cannot share that out.
      pacingBoundSeconds: 2,
    });
  });

  it("shares the waits of many channels over the channels served at a time", () => {
    const posts = Array.from({ length: 100 }, (_, c) => [post(`C${c}`, 0), post(`C${c}`, 1_000)]).flat();
    expect(pacingOf(posts).pacingBoundSeconds).toBe(100 / 25);
    expect(pacingOf([]).minGapMs).toBeNull();
  });
});

function loadRun(connections: number, reqPerSec: number, p99Ms: number, peakMb = 100, errors = 0): LoadRun {
  return {
    connections,
    durationSeconds: 10,
    requests: reqPerSec * 10,
    reqPerSec,
    p50Ms: 1,
    p99Ms,
    errors,
    errorDetail: { non2xx: errors, timeouts: 0, socket: 0, badReplies: 0 },
    replyBytes: 2_500,
    badSamples: [],
    rss: { peakMb, meanMb: peakMb, samples: 10 },
    cpuUsPerRequest: { app: 100, postgres: 0, loadGenerator: 40 },
  };
}

function status(ours: LoadRun[], bare: LoadRun[]): StatusComparison {
  const app = (runs: LoadRun[]) => ({ startMs: 1, idleRssMb: 80, runs, slackCalls: 0 });
  return { bare: app(bare), ours: app(ours), teamsTargeted: 2_000 };
}

function tickRun(
  teams: number,
  queries: number,
  wallMs: number,
  peakRssMb: number,
  outbox: { messages: number; writes: number } = { messages: 3 * teams, writes: 2 * teams },
): TickRun {
  return {
    label: `${teams} teams`,
    paced: false,
    nodeFlags: [],
    teams,
    queries,
    wallMs,
    cpuMs: wallMs,
    peakRssMb,
    peakHeapMb: peakRssMb / 2,
    dbMs: 1,
    failedQueries: 0,
    queryMix: [],
    slowest: [],
    roundsClosed: teams,
    sent: {},
    failed: 0,
    skipped: 0,
    messages: outbox.messages,
    outboxWrites: outbox.writes,
    pacing: { channels: 0, maxPerChannel: 0, minGapMs: null, pacingBoundSeconds: 0 },
  };
}

const verdicts = (targets: ReturnType<typeof checkTargets>) => targets.map((t) => t.pass);

describe("checkTargets", () => {
  const bare = [loadRun(10, 3_000, 10), loadRun(50, 3_000, 30)];

  it("passes a run that meets every target (status ratios are judged against the floor, in floorTargets)", () => {
    const ours = [loadRun(10, 1_000, 100), loadRun(50, 2_700, 36, 249)];
    const targets = checkTargets({
      seedSeconds: 119,
      teams: 2_000,
      status: status(ours, bare),
      tick: tickRun(2_000, 40, 9_999, 200),
      smallTick: tickRun(500, 30, 2_000, 150),
    });
    expect(verdicts(targets)).toEqual(Array(7).fill(true));
    expect(targets.map((t) => t.name)).not.toContain("status throughput, 50 conns");
  });

  it("fails each target that is missed", () => {
    const ours = [loadRun(10, 3_000, 10), loadRun(50, 2_699, 37, 250, 3)];
    const targets = checkTargets({
      seedSeconds: 120,
      teams: 2_000,
      status: status(ours, bare),
      // A write before and after every message, and one more: the outbox is not group-committed.
      tick: tickRun(2_000, 530, 10_000, 250, { messages: 6_000, writes: 12_001 }),
      // One more query per team: an N+1 in the tick.
      smallTick: tickRun(500, 30, 2_000, 150),
    });
    expect(verdicts(targets)).toEqual(Array(7).fill(false));
  });
});

describe("largeTickTargets", () => {
  const seed = {
    scale: { workspaces: 200, teamsPerWorkspace: 100, respondentsPerTeam: 5, rounds: 13 },
    rows: {},
    seconds: 1,
    steps: [],
  };

  it("judges the 20,000-team tick by its own CPU time, not its wall time, and by its peak RSS", () => {
    const run = { ...tickRun(20_000, 13, 25_000, 199), cpuMs: 9_999 };
    const targets = largeTickTargets({ seed, run }, tickRun(2_000, 12, 3_000, 150));
    expect(targets.map((t) => [t.name, t.pass])).toEqual([
      ["tick compute, 20,000 teams", true],
      ["tick peak RSS, 20,000 teams, npm start's flags", true],
      ["tick queries, 2,000 → 20,000 teams", true],
      ["tick failures, 20,000 teams", true],
    ]);
    expect(targets[0]?.actual).toBe("10.00 s (wall 25.00 s)");
  });

  it("fails a tick over 10 s of CPU or 200 MB, one that queries per team, and one with failures", () => {
    const run = { ...tickRun(20_000, 20_013, 5_000, 200), cpuMs: 10_000, failed: 1 };
    expect(verdicts(largeTickTargets({ seed, run }, tickRun(2_000, 2_013, 500, 150)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("startupTargets", () => {
  const run = (over: Partial<StartupRun>): StartupRun => ({
    database: "embedded",
    start: "first",
    readyMs: 1_000,
    peakAtReadyMb: 200,
    rssAtReadyMb: 200,
    rssAfterLoadMb: 200,
    peakMb: 220,
    requests: 100,
    errors: 0,
    ...over,
  });
  const verdicts = (runs: StartupRun[]) =>
    Object.fromEntries(startupTargets(runs).map((t) => [t.name, `${t.actual} ${t.pass ? "PASS" : "FAIL"}`]));

  it("judges the embedded first start by its peak, its steady state after load, and a Postgres restart by ready time", () => {
    const runs = [
      run({ peakMb: 530 }),
      run({ start: "restart", rssAfterLoadMb: 290 }),
      run({ database: "postgres", start: "restart", readyMs: 2_300 }),
    ];
    expect(verdicts(runs)).toEqual({
      "embedded first start, peak RSS": "530 MB FAIL",
      "embedded steady state, RSS": "290 MB PASS",
      "restart on Postgres, ready": "2.3 s FAIL",
    });
  });

  it("fails a target whose run is missing rather than passing it", () => {
    expect(startupTargets([]).every((t) => !t.pass)).toBe(true);
  });
});

describe("hotPathTargets", () => {
  const bare = [loadRun(10, 3_000, 10), loadRun(50, 3_000, 30)];
  const published = (run: LoadRun, perSec: number, p99Ms: number, missing = 0): LoadRun => ({
    ...run,
    publish: { publishes: perSec * 10, perSec, p50Ms: 1, p99Ms, missing, viewBytes: 1_700, spanMs: 10_000 },
  });
  const judged = (path: "home" | "checkin", ours: LoadRun[], floor = bare) =>
    Object.fromEntries(
      hotPathTargets([{ path, ...status(ours, floor) }]).map((t) => [
        t.name,
        `${t.actual} ${t.pass ? "PASS" : "FAIL"}`,
      ]),
    );

  it("judges App Home by its publishes, not Bolt's early ack, against 0.9× and 1.2×", () => {
    const floor = bare.map((r) => published(r, 1_000, 40));
    expect(judged("home", [loadRun(10, 1, 1), published(loadRun(50, 9_000, 1), 900, 48)], floor)).toEqual({
      "App Home published, throughput, 50 conns": "0.90× PASS",
      "App Home published, p99, 50 conns": "1.20× PASS",
      "App Home published, errors (both apps)": "0 PASS",
    });
    expect(judged("home", [loadRun(10, 1, 1), published(loadRun(50, 9_000, 1), 899, 49, 2)], floor)).toEqual({
      "App Home published, throughput, 50 conns": "0.90× FAIL",
      "App Home published, p99, 50 conns": "1.23× FAIL",
      "App Home published, errors (both apps)": "2 FAIL",
    });
  });

  it("allows a submission, a write each, 0.6× the throughput and 2× the p99 of an empty ack", () => {
    expect(judged("checkin", [loadRun(10, 1, 1), loadRun(50, 1_800, 60)])).toEqual({
      "check-in submissions, throughput, 50 conns": "0.60× PASS",
      "check-in submissions, p99, 50 conns": "2.00× PASS",
      "check-in submissions, errors (both apps)": "0 PASS",
    });
    expect(judged("checkin", [loadRun(10, 1, 1), loadRun(50, 1_799, 61)])).toMatchObject({
      "check-in submissions, throughput, 50 conns": "0.60× FAIL",
      "check-in submissions, p99, 50 conns": "2.03× FAIL",
    });
  });
});

describe("floorTargets", () => {
  const app = (runs: LoadRun[]): AppFigures => ({ startMs: 1, idleRssMb: 1, runs, slackCalls: 0 });
  const at = (rate: number, p99: number) => [loadRun(20, rate, p99), loadRun(50, rate, p99)];
  const verdicts = (c: FloorComparison) => Object.fromEntries(floorTargets([c]).map((t) => [t.name, t.pass]));

  it("judges status on the median of the rounds' ratios to the floor of the same round, at 20 and 50 connections", () => {
    const floor = [app(at(2_000, 30)), app(at(1_000, 60))];
    // Round ratios 0.96× and 0.86× throughput: median 0.91×, a pass; p99 1.2× and 1.5×: median 1.35×, a fail.
    const ours = [app(at(1_920, 36)), app(at(860, 90))];
    expect(verdicts({ path: "status", bare: app(at(3_000, 10)), floor, ours })).toEqual({
      "status throughput, 20 conns": true,
      "status p99, 20 conns": false,
      "status throughput, 50 conns": true,
      "status p99, 50 conns": false,
      "status errors (the bot, every run)": true,
    });
  });

  it("fails the Home when a publish is missing or the 2,000 Homes take longer than 30 s", () => {
    const home = (perSec: number, missing: number, spanMs: number) => [
      {
        ...loadRun(50, 100, 10),
        publish: { publishes: 2_000, perSec, p50Ms: 1, p99Ms: 9, missing, viewBytes: 1, spanMs },
      },
    ];
    const floor = [app(home(100, 0, 20_000))];
    expect(
      verdicts({ path: "home", bare: floor[0] as AppFigures, floor, ours: [app(home(90, 0, 25_000))] }),
    ).toEqual({
      "home throughput, 50 conns": true,
      "home errors (the bot, every run)": true,
      "every Home published (the bot, slowest round)": true,
    });
    expect(
      verdicts({ path: "home", bare: floor[0] as AppFigures, floor, ours: [app(home(70, 3, 31_000))] }),
    ).toEqual({
      "home throughput, 50 conns": false,
      "home errors (the bot, every run)": false,
      "every Home published (the bot, slowest round)": false,
    });
  });
});
