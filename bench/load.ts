// The load generator: autocannon firing properly signed /mlops commands for random teams of the seed.
import autocannon from "autocannon";
import { type Actor, slashCommand } from "../test/support/payloads.js";
import { slackSignature } from "../test/support/signing.js";

export interface SlashTarget {
  actor: Actor;
  channelId: string;
  channelName: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** The command text, e.g. "status". */
  text: string;
  targets: readonly SlashTarget[];
  signingSecret: string;
  responseUrl: string;
  /** Whether a 2xx body is the reply a user should get; anything else counts as an error. */
  isExpectedReply(body: string): boolean;
}

export interface LoadFigures {
  connections: number;
  durationSeconds: number;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** non2xx + timeouts + socket errors + 2xx replies that are not the expected message. */
  errors: number;
  errorDetail: { non2xx: number; timeouts: number; socket: number; badReplies: number };
  /** Up to three unexpected bodies, for the log. */
  badSamples: string[];
  /** Mean size of the expected replies' bodies, in bytes. */
  replyBytes: number;
  /** For events, acked before the work: the views.publish each led to. */
  publish?: PublishFigures;
}

/** What a person waits for after an event's ack: the views.publish, timed at the fake Slack. */
export interface PublishFigures {
  publishes: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests whose publish had not arrived 2 s after the load stopped. */
  missing: number;
  /** Mean size of the published views' JSON, in bytes. */
  viewBytes: number;
  /** From the first request sent to the last publish received. */
  spanMs: number;
}

const FORM = "application/x-www-form-urlencoded";

/** Fires signed slash commands at `url` for `durationSeconds`; each request picks a random target. */
export async function fireSlashCommands(options: LoadOptions): Promise<LoadFigures> {
  const body = (target: SlashTarget) => commandBody(options.text, target, options.responseUrl);
  return fireSignedRequests({
    ...options,
    requests: options.targets.map((target) => ({
      body: body(target),
      contentType: FORM,
      userId: target.actor.userId,
    })),
  });
}

/** One request as Slack sends it: its body, how it is encoded, and the person it is from. */
export interface SignedRequest {
  body: string;
  contentType: string;
  userId: string;
}

export interface SignedLoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  requests: readonly SignedRequest[];
  signingSecret: string;
  isExpectedReply(body: string): boolean;
  /** Told of each request as it is sent (Date.now()), e.g. to time what the app does after its ack. */
  onSent?(request: SignedRequest, at: number): void;
  /** Send each request once, in order, instead of random ones for durationSeconds. */
  once?: boolean;
}

/** Fires signed requests at `url`'s /slack/events for `durationSeconds`, each a random one of `requests`. */
export async function fireSignedRequests(options: SignedLoadOptions): Promise<LoadFigures> {
  const bodies = options.requests;
  let badReplies = 0;
  let replies = 0;
  let replyBytes = 0;
  let next = 0;
  const badSamples: string[] = [];
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.once ? { amount: bodies.length } : { duration: options.durationSeconds }),
    timeout: 10,
    requests: [
      {
        method: "POST",
        path: "/slack/events",
        // Signed when sent: the timestamp is fresh and the signature covers this exact body.
        setupRequest: (request) => {
          const chosen = options.once
            ? bodies[next++ % bodies.length]
            : bodies[Math.floor(Math.random() * bodies.length)];
          const body = chosen?.body ?? "";
          const timestamp = Math.floor(Date.now() / 1000);
          if (chosen) options.onSent?.(chosen, Date.now());
          return {
            ...request,
            body,
            headers: {
              "content-type": chosen?.contentType ?? FORM,
              "x-slack-request-timestamp": String(timestamp),
              "x-slack-signature": slackSignature(options.signingSecret, timestamp, body),
            },
          };
        },
        onResponse: (status, body) => {
          if (status < 200 || status > 299) return;
          if (options.isExpectedReply(body)) {
            replies++;
            replyBytes += body.length;
            return;
          }
          badReplies++;
          if (badSamples.length < 3) badSamples.push(body.slice(0, 500));
        },
      },
    ],
  });
  const socket = result.errors - result.timeouts;
  return {
    connections: options.connections,
    durationSeconds: result.duration,
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors + badReplies,
    errorDetail: { non2xx: result.non2xx, timeouts: result.timeouts, socket, badReplies },
    badSamples,
    replyBytes: replyBytes / Math.max(1, replies),
  };
}

function commandBody(text: string, target: SlashTarget, responseUrl: string): string {
  return new URLSearchParams({ ...slashCommand(text, { ...target, responseUrl }) } as Record<
    string,
    string
  >).toString();
}
