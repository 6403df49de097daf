// The two hot paths besides /mlops status, each beside bare Bolt doing the minimal equivalent in the same
// run (same Bolt, same fake Slack, same load generator, each app in its own process):
// - app_home_opened: the bot reads the person's Home and publishes it; bare Bolt publishes a constant view.
//   Bolt acks an event before its listener runs, so the HTTP figures are the ack's; what a person waits for
//   is the views.publish, timed here from each request's send to the fake Slack receiving the publish.
// - a check-in view_submission: the bot checks and stores the answer, then acks; bare Bolt acks at once.
import { join } from "node:path";
import type { FakeSlack } from "../src/fake-slack/server.js";
import { checkinModalJson, checkinValues } from "../test/support/modal-state.js";
import { appHomeOpened, viewSubmission } from "../test/support/payloads.js";
import { SEED_LEVELS } from "../test/support/seed-levels.js";
import { type BareBoltOptions, BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET } from "./apps.js";
import { startAppProcess } from "./child.js";
import {
  fireSignedRequests,
  type LoadFigures,
  type PublishFigures,
  type SignedLoadOptions,
  type SignedRequest,
  type SlashTarget,
} from "./load.js";
import {
  type AppLoad,
  botServerOptions,
  measureApp,
  type StatusBenchOptions,
  type StatusComparison,
} from "./status-bench.js";

/** A seeded team a request can be about: its channel, one respondent, its id and name. */
export interface HotPathTarget extends SlashTarget {
  mlTeamId: number;
  teamName: string;
}

export type HotPath = "status" | "home" | "checkin";

/** Two apps on one hot path: the same shape as the status comparison. */
export interface HotPathComparison extends StatusComparison {
  path: HotPath;
}

/** The same runs as the status comparison's: apps, connections, durations, the seeded teams. */
export type HotPathOptions = StatusBenchOptions;

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
/** How long publishes still in flight when the load stops may take to arrive and be counted. */
const DRAIN_MS = 2_000;
/** Every person once: their publishes are awaited this long from the first open (the 30 s, and 2 more). */
const ONCE_WINDOW_MS = 32_000;

export async function runHotPathComparison(path: "home" | "checkin", options: HotPathOptions) {
  const { slack } = options;
  for (const target of options.targets) slack.users.set(target.actor.userId, { id: target.actor.userId });
  const requests =
    path === "home" ? homeRequests(options.targets) : checkinRequests(options.targets, options.clockAt);
  const load: AppLoad = path === "home" ? homeLoad(slack, requests) : emptyReplyLoad(requests);
  const bareOptions: BareBoltOptions = {
    signingSecret: BENCH_SIGNING_SECRET,
    token: BENCH_BOT_TOKEN,
    slackApiUrl: slack.apiUrl,
  };
  const label = path === "home" ? "app_home_opened" : "check-in submission";
  const bare = await measureApp(
    options,
    `bare Bolt, ${label}`,
    () => startAppProcess("bare-bolt", bareOptions, join(options.logDir, `bare-bolt-${path}.log`)),
    load,
  );
  const ours = await measureApp(
    options,
    `our ${label}`,
    () => startAppProcess("bot-server", botServerOptions(options), join(options.logDir, `bot-${path}.log`)),
    load,
  );
  const comparison: HotPathComparison = { path, bare, ours, teamsTargeted: options.targets.length };
  return comparison;
}

export function homeRequests(targets: readonly HotPathTarget[]): SignedRequest[] {
  return targets.map((t) => ({
    body: JSON.stringify(appHomeOpened(t.actor)),
    contentType: JSON_TYPE,
    userId: t.actor.userId,
  }));
}

/** Each target's respondent answering its team's check-in, the five seed levels in turn. */
export function checkinRequests(targets: readonly HotPathTarget[], at: Date): SignedRequest[] {
  return targets.map((t, i) => {
    const view = checkinModalJson({
      team: { id: t.mlTeamId, name: t.teamName },
      period: at.toISOString().slice(0, 10),
    });
    const answer = SEED_LEVELS[i % SEED_LEVELS.length]?.answer;
    if (!answer) throw new Error("the seed has five levels");
    const payload = viewSubmission(view.callback_id ?? "", checkinValues(view, answer), {
      actor: t.actor,
      privateMetadata: view.private_metadata ?? "",
      blocks: view.blocks.map((b) => ({ type: b.type, block_id: b.block_id })),
    });
    return {
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      contentType: FORM,
      userId: t.actor.userId,
    };
  });
}

/**
 * Both apps answer these with an empty 200: the event's ack, the modal closed. A refusal or a field error
 * would be a JSON body.
 */
export function emptyReplyLoad(
  requests: readonly SignedRequest[],
  onSent?: SignedLoadOptions["onSent"],
  once = false,
): AppLoad {
  return (url, connections, durationSeconds) =>
    fireSignedRequests({
      once,
      url,
      connections,
      durationSeconds,
      requests,
      signingSecret: BENCH_SIGNING_SECRET,
      isExpectedReply: (body) => body === "",
      ...(onSent ? { onSent } : {}),
    });
}

/** Home opens and the views.publish each leads to; `once`: every person of `requests` once, in order. */
export function homeLoad(slack: FakeSlack, requests: readonly SignedRequest[], once = false): AppLoad {
  return async (url, connections, durationSeconds) => {
    const sent = new Map<string, number[]>();
    const firstCall = slack.calls.length;
    const began = Date.now();
    const figures = await emptyReplyLoad(
      requests,
      (request, at) => {
        const times = sent.get(request.userId);
        if (times) times.push(at);
        else sent.set(request.userId, [at]);
      },
      once,
    )(url, connections, durationSeconds);
    if (once) await allPublished(slack, firstCall, requests.length, began + ONCE_WINDOW_MS);
    else await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    const publish = publishFigures(slack, firstCall, sent, figures);
    return { ...figures, publish };
  };
}

/** Waits until `count` Homes are published since `firstCall`, or until `deadline`. */
async function allPublished(slack: FakeSlack, firstCall: number, count: number, deadline: number) {
  const published = () => slack.calls.slice(firstCall).filter((c) => c.method === "views.publish").length;
  while (published() < count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 250));
}

/** Matches each views.publish to the earliest request of its person not matched yet. */
function publishFigures(
  slack: FakeSlack,
  firstCall: number,
  sent: Map<string, number[]>,
  figures: LoadFigures,
): PublishFigures {
  const waits: number[] = [];
  const firstSent = Math.min(...[...sent.values()].map((times) => times[0] ?? Number.POSITIVE_INFINITY));
  let lastAt = firstSent;
  let viewBytes = 0;
  for (const call of slack.calls.slice(firstCall)) {
    if (call.method !== "views.publish") continue;
    const at = sent.get(String(call.args.user_id))?.shift();
    if (at === undefined) continue;
    waits.push(call.at - at);
    lastAt = Math.max(lastAt, call.at);
    viewBytes += JSON.stringify(call.args.view ?? "").length;
  }
  const requests = [...sent.values()].reduce((n, times) => n + times.length, 0) + waits.length;
  const sorted = waits.sort((x, y) => x - y);
  const pick = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return {
    publishes: waits.length,
    perSec: waits.length / Math.max(1, figures.durationSeconds),
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
    missing: requests - waits.length,
    viewBytes: viewBytes / Math.max(1, waits.length),
    spanMs: lastAt - firstSent,
  };
}

/** The printed table of hot paths: each app at each connection count, and the ratios at each. */
export function hotPathLines(comparisons: readonly HotPathComparison[]): string[] {
  const fixed = (n: number | undefined, digits: number) =>
    n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : "n/a";
  const rows = comparisons.flatMap(({ path, bare, ours }) =>
    (["bare", "ours"] as const).flatMap((who) =>
      (who === "bare" ? bare : ours).runs.map((r) =>
        [
          `${path} ${who === "bare" ? "bare Bolt" : "ours"}`.padEnd(18),
          String(r.connections).padStart(5),
          fixed(r.reqPerSec, 0).padStart(7),
          fixed(r.p50Ms, 1).padStart(7),
          fixed(r.p99Ms, 1).padStart(7),
          String(r.errors + (r.publish?.missing ?? 0)).padStart(6),
          fixed(r.rss.peakMb, 0).padStart(6),
          r.publish
            ? `${fixed(r.publish.perSec, 0)}/s, p50 ${fixed(r.publish.p50Ms, 0)} ms, p99 ${fixed(r.publish.p99Ms, 0)} ms`
            : "",
        ].join("  "),
      ),
    ),
  );
  const ratios = comparisons.flatMap(({ path, bare, ours }) =>
    ours.runs.map((r, i) => {
      const floor = bare.runs[i];
      const rate = (x: typeof r | undefined) =>
        (path === "home" ? x?.publish?.perSec : x?.reqPerSec) ?? Number.NaN;
      const p99 = (x: typeof r | undefined) => (path === "home" ? x?.publish?.p99Ms : x?.p99Ms) ?? Number.NaN;
      return `  ${path} ours/bare at ${r.connections} connections${path === "home" ? " (publishes)" : ""}: throughput ${fixed(rate(r) / rate(floor), 2)}×, p99 ${fixed(p99(r) / p99(floor), 2)}×`;
    }),
  );
  return [
    "  app                 conns    req/s   p50 ms  p99 ms  errors  RSS MB  views.publish after the ack",
    ...rows.map((r) => `  ${r}`),
    ...ratios,
  ];
}
