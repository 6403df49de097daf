// A limit per person and per workspace on slash commands and modal submissions, before any listener (and so any
// database work) runs: one person's script cannot fill the pool for everyone (issue 22, item 3). Held in memory
// by each process: with several replicas behind a load balancer each allows this much, which is fine for a
// guard against floods (it is not a quota). The numbers are far above what a person typing can reach.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../logger.js";
import { tellUser } from "./failure-reply.js";
import { admit, type BucketRule, TokenBuckets, Warnings } from "./token-buckets.js";

/** A burst of 10, then one a second, per person. */
export const PERSON_RATE: BucketRule = { burst: 10, perSecond: 1 };
/** 50 a second per workspace, with a burst of twice that. */
export const WORKSPACE_RATE: BucketRule = { burst: 100, perSecond: 50 };

export function slowDownText(retryInMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
  return `:hourglass: You're sending commands faster than the bot can take them — slow down and try again in ${seconds} s.`;
}

interface LimitedBody {
  type?: string;
  team_id?: string;
  user_id?: string;
  enterprise_id?: string;
  team?: { id?: string } | null;
  user?: { id?: string };
  enterprise?: { id?: string } | null;
}

/**
 * Global middleware. `now` is the wall clock (Date.now), not deps.clock: rates are about real seconds. Over
 * either limit the person gets one ephemeral "slow down" per wait (later requests in it get an empty ack),
 * and nothing else happens.
 */
export function limitRequests(
  logger: Logger,
  now: () => number = Date.now,
  rules = { person: PERSON_RATE, workspace: WORKSPACE_RATE },
): Middleware<AnyMiddlewareArgs> {
  const people = new TokenBuckets(rules.person);
  const workspaces = new TokenBuckets(rules.workspace);
  const warnings = new Warnings();
  return async (args) => {
    const body = args.body as LimitedBody;
    if (!("command" in args) && body.type !== "view_submission") return args.next();
    // An org-wide install's submission may carry no team: its organisation is the workspace it acts in.
    const workspace = body.team?.id ?? body.team_id ?? body.enterprise?.id ?? body.enterprise_id ?? "";
    const person = `${workspace}:${body.user?.id ?? body.user_id ?? ""}`;
    const at = now();
    const admission = admit(people, workspaces, person, workspace, at);
    if (admission.admitted) return args.next();
    const ack = (args as { ack?: () => Promise<void> }).ack;
    if (!warnings.shouldTell(person, at, admission.retryInMs)) {
      await ack?.();
      return;
    }
    logger.warn(
      { teamId: workspace, person, retryInMs: admission.retryInMs, requestType: body.type ?? "command" },
      "too many requests: refused until the person's or workspace's rate allows again",
    );
    await tellUser(args, slowDownText(admission.retryInMs));
  };
}
