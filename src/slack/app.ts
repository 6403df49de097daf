import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import {
  App,
  type Logger as BoltLogger,
  type CustomRoute,
  HTTPModuleFunctions,
  HTTPReceiver,
  LogLevel,
  type ReceiverDispatchErrorHandlerArgs,
  type ReceiverEvent,
  type ReceiverProcessEventErrorHandlerArgs,
} from "@slack/bolt";
import { isDatabaseUnavailable } from "../db/connect.js";
import type { Deps } from "../deps.js";
import { type Logger, toBoltLogger } from "../logger.js";
import { classifyCallFailure } from "./api/errors.js";
import type { BotIdentity } from "./api/token-check.js";
import { ListenerFailure, replyOnFailure, UNAVAILABLE_TEXT } from "./failure-reply.js";
import { InFlightListeners } from "./in-flight.js";
import type { OAuthReceiverOptions } from "./install-flow.js";
import { botListeners } from "./listeners/index.js";
import type { ListenerTable } from "./listeners/table.js";
import { oneMiddleware } from "./one-middleware.js";
import { refuseOthersRequests } from "./organisation-guard.js";
import { limitRequests } from "./rate-limit.js";
import { databaseBudget } from "./request-budget.js";
import { slackEventsRoute } from "./request-gate.js";
import { UploadQueue } from "./upload-queue.js";

// Of the 10 s a shutdown has (main.ts): running uploads may finish in this long, then they are handed back too.
const UPLOAD_GRACE_MS = 5_000;

export interface SlackAppOptions {
  /** Extra HTTP routes served on PORT, in Socket Mode too (health checks). */
  routes: CustomRoute[];
  /**
   * Who the one bot token is, by Slack's answer at start: requests not addressed to it are refused.
   * Undefined in OAuth mode, where each request is authorized by the installation of its own workspace or org.
   */
  identity: BotIdentity | undefined;
  /** The address to listen on over HTTP; all interfaces by default. */
  host?: string;
  /** OAuth mode: the install flow and the installation store (every request gets its installation's token). */
  oauth?: OAuthReceiverOptions;
}

export interface SlackBot {
  readonly app: App;
  /** Starts listening; returns the port actually bound (PORT=0 picks a free one). */
  start(): Promise<number>;
  /** Stops taking requests, then waits for listeners still working after their ack. */
  stop(): Promise<void>;
}

export function createSlackApp(deps: Deps, options: SlackAppOptions): SlackBot {
  const { config } = deps;
  const logger = deps.logger.child({ component: "slack" });
  const socketMode = config.slack.appToken !== undefined;
  const boltLogger = toBoltLogger(logger);
  // The app is built after its receiver; the receiver reaches it only once a request comes.
  const processEvent = (event: ReceiverEvent): Promise<void> => app.processEvent(event);
  const uploads = new UploadQueue({ logger: logger.child({ component: "uploads" }) });
  const listeners = botListeners(uploads);
  const receiver = socketMode
    ? undefined
    : httpReceiver(deps, options, { logger, boltLogger, processEvent, listeners });
  const app = new App({
    // In OAuth mode no token: Bolt's authorize (the receiver's InstallProvider) finds each request's installation.
    token: options.oauth ? undefined : config.slack.botToken,
    logger: boltLogger,
    logLevel: LogLevel.INFO,
    clientOptions: deps.slack.boltClientOptions,
    extendedErrorHandler: true,
    // Bolt's in-memory conversation store is unused here, wrong with several replicas, and costs every request.
    convoStore: false,
    // Bolt's ignoreSelf drops events the bot itself caused (its own messages): the bot listens to none, and the
    // check is one more middleware on every request.
    ignoreSelf: false,
    ...(socketMode
      ? {
          socketMode: true,
          appToken: config.slack.appToken,
          customRoutes: options.routes,
          ...options.oauth,
          // The install pages are served on PORT beside the health routes.
          installerOptions: { ...options.oauth?.installerOptions, port: config.port },
        }
      : { receiver }),
  });

  const inFlight = new InFlightListeners();
  app.use(
    oneMiddleware([
      inFlight.middleware,
      ...(config.rateLimits ? [limitRequests(logger)] : []),
      replyOnFailure,
      databaseBudget(deps),
      ...(options.identity ? [refuseOthersRequests(options.identity, logger)] : []),
      listeners.dispatcher(),
    ]),
  );
  app.error(async ({ error, body }: BoltErrorArgs) => {
    const failure = error instanceof ListenerFailure ? error : undefined;
    const where = describeRequest(body);
    // OAuth mode: the request's installation could not be read, so no listener ran and Bolt acked empty.
    if (options.oauth && isDatabaseUnavailable(rootCause(error))) {
      logger.warn(
        { err: rootCause(error), ...where },
        "database unavailable: the request's installation could not be read",
      );
      await tellThroughResponseUrl(body, UNAVAILABLE_TEXT, logger);
      return;
    }
    if (failure?.busy)
      logger.warn({ err: failure.original, ...where }, "database busy: every pooled connection was in use");
    else if (failure?.slow)
      logger.warn(
        { err: failure.original, ...where },
        "database slow: a statement ran past the request's time and was cancelled on the server",
      );
    else if (failure?.unavailable) logger.warn({ err: failure.original, ...where }, "database unavailable");
    else if (failure && classifyCallFailure(failure.original).code === "ratelimited")
      logger.warn(
        { err: failure.original, ...where },
        "Slack rate limit: the request's person was told to retry",
      );
    else
      logger.error({ err: failure?.original ?? error, refId: failure?.refId, ...where }, "listener failed");
  });

  return {
    app,
    start: async () => {
      if (socketMode) return startSocketMode(app);
      const server = await app.start(options.host ? { port: config.port, host: options.host } : config.port);
      return boundPort(server as Server);
    },
    stop: async () => {
      await app.stop();
      await Promise.all([inFlight.drained(), uploads.stop(UPLOAD_GRACE_MS)]);
    },
  };
}

/**
 * Socket Mode: Bolt listens on PORT (health, API, install pages) without watching the listen, so a port in use
 * would be an uncaught error event. Both the socket and the port must come up; the port's error is the one
 * startup-errors.ts explains. The server is Bolt's (App.receiver.httpServer, private in its types).
 */
async function startSocketMode(app: App): Promise<number> {
  const server = (app as unknown as { receiver: { httpServer?: Server } }).receiver.httpServer;
  if (!server) throw new Error("Socket Mode started without its HTTP server for PORT");
  refuseMalformedPathsFirst(server);
  const listening = new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      server.off("listening", settle);
      server.off("error", settle);
      if (error) reject(error);
      else resolve();
    };
    server.on("listening", settle);
    server.on("error", settle);
  });
  try {
    await Promise.all([app.start(), listening]);
  } catch (err) {
    await app.stop().catch(() => {});
    throw err;
  }
  return boundPort(server);
}

function boundPort(server: Server): number {
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("the HTTP server is not listening");
  return address.port;
}

/** What app.error hands an extendedErrorHandler (Bolt exports no name for it). */
interface BoltErrorArgs {
  error: Error;
  body?: unknown;
}

interface ReceiverParts {
  logger: Logger;
  boltLogger: BoltLogger;
  processEvent: (event: ReceiverEvent) => Promise<void>;
  listeners: ListenerTable;
}

/**
 * Bolt's HTTP receiver serves the install pages and the custom routes; Slack's own requests come in through
 * the gated route (request-gate.ts), so the receiver's endpoint list is empty and Bolt never buffers a body.
 */
function httpReceiver(
  deps: Deps,
  options: SlackAppOptions,
  { logger, boltLogger, processEvent, listeners }: ReceiverParts,
): HTTPReceiver {
  const { signingSecret } = deps.config.slack;
  const events = slackEventsRoute({
    signingSecret,
    handled: listeners.handled(),
    logger,
    boltLogger,
    // Date.now, not deps.clock: request timestamps are checked against the real wall clock, as Bolt does.
    now: Date.now,
    processEvent,
    processEventErrorHandler: logUnprocessable(logger),
  });
  return new HTTPReceiver({
    signingSecret,
    endpoints: [],
    port: deps.config.port,
    customRoutes: [events, ...options.routes],
    logger: boltLogger,
    dispatchErrorHandler: refuseMalformedPaths,
    ...options.oauth,
  });
}

/**
 * Bolt matches a custom route's parameters with decodeURIComponent, which throws on a malformed escape
 * (`/api/v1/groups/%ZZ`): that is the caller's mistake, so it gets a 400 that says so, not Bolt's empty 500.
 */
async function refuseMalformedPaths(args: ReceiverDispatchErrorHandlerArgs): Promise<void> {
  if (!(args.error instanceof URIError)) return HTTPModuleFunctions.defaultDispatchErrorHandler(args);
  refuseMalformedPath(args.response);
}

function refuseMalformedPath(response: ServerResponse): void {
  response.writeHead(400, { "content-type": "application/json" });
  response.end(
    JSON.stringify({
      error: "bad_request",
      message: "The path has a malformed %-escape: encode each reserved character as % and two hex digits.",
    }),
  );
}

/**
 * Socket Mode's server for PORT is Bolt's, which matches routes inside an async handler: there a malformed
 * escape would be an unhandled rejection and a request never answered. Such a path is refused before Bolt.
 */
function refuseMalformedPathsFirst(server: Server): void {
  const bolt = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (hasMalformedEscape(req.url)) return refuseMalformedPath(res);
    for (const listener of bolt) listener(req, res);
  });
}

function hasMalformedEscape(url = "/"): boolean {
  try {
    decodeURIComponent(new URL(url, "http://localhost").pathname);
    return false;
  } catch {
    return true;
  }
}

/**
 * Bolt fails some malformed (but signed) requests before any middleware runs, so app.error never
 * sees them; log the reason before Bolt's default answer, or nobody could tell what went wrong.
 */
function logUnprocessable(logger: Logger) {
  return async (args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    if (!(args.error instanceof ListenerFailure)) {
      logger.warn({ err: args.error }, "could not process a request from Slack");
    }
    return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  };
}

/** The error under Bolt's and @slack/oauth's wrappers (each keeps the one it wraps as `original`). */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const inner = (current as { original?: unknown } | null)?.original;
    if (inner === undefined) break;
    current = inner;
  }
  return current;
}

/** A reply that needs no token: the request's response_url (commands and actions have one). */
async function tellThroughResponseUrl(body: unknown, text: string, logger: Logger): Promise<void> {
  const url = (body as { response_url?: unknown } | null)?.response_url;
  if (typeof url !== "string") return;
  try {
    await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response_type: "ephemeral", text }),
      signal: AbortSignal.timeout(3_000),
    });
  } catch (err) {
    logger.warn({ err }, "could not tell the user the bot is unavailable");
  }
}

function describeRequest(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null) return {};
  const b = body as Record<string, unknown>;
  const team = (b.team as { id?: string } | undefined)?.id ?? b.team_id;
  const user = (b.user as { id?: string } | undefined)?.id ?? b.user_id;
  return { requestType: b.type ?? (b.command ? "command" : undefined), teamId: team, userId: user };
}
