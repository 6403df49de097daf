// OAuth mode: Bolt's own install flow (InstallProvider behind the receiver) on GET /slack/install and
// GET /slack/oauth_redirect, with our installation store, our pages, and failures that store nothing.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Installation, InstallationStore } from "@slack/bolt";
import type { Deps } from "../deps.js";
import type { Logger } from "../logger.js";
import type { InstallationAccess } from "./api/installation-access.js";
import { postgresInstallationStore } from "./installation-store.js";
import { BOT_SCOPES } from "./scopes.js";
import { type InstallFailure, installedPage, installFailedPage, installPage } from "./views/install-pages.js";

/** What @slack/oauth hands the failure callback: an error with its code (slack_oauth_…, slack_webapi_…). */
type FlowError = Error & { code?: string };

export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

/** What the receiver (HTTP or Socket Mode) needs to serve the install flow and to authorize each request. */
export interface OAuthReceiverOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  scopes: string[];
  installationStore: InstallationStore;
  installerOptions: {
    directInstall: boolean;
    stateVerification: boolean;
    installPath: string;
    redirectUriPath: string;
    renderHtmlForInstallPath: (url: string) => string;
    clientOptions: { slackApiUrl: string };
    callbackOptions: {
      success: (installation: Installation, _o: unknown, req: IncomingMessage, res: ServerResponse) => void;
      failure: (error: FlowError, _o: unknown, req: IncomingMessage, res: ServerResponse) => void;
    };
  };
}

export function oauthReceiverOptions(
  deps: Deps,
  access: InstallationAccess,
  logger: Logger,
): OAuthReceiverOptions {
  const { oauth } = deps.config.slack;
  if (!oauth) throw new Error("The install flow serves a distributed app only (OAuth mode)");
  const log = logger.child({ component: "install" });
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: postgresInstallationStore({
      db: deps.db,
      keys: oauth.tokenKeys,
      refresher: access.refresher,
      clock: deps.clock,
    }),
    installerOptions: {
      // A page with the button rather than a redirect: it says to finish in this browser (the state cookie).
      directInstall: false,
      stateVerification: true,
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      renderHtmlForInstallPath: installPage,
      clientOptions: { slackApiUrl: deps.config.slack.apiUrl },
      callbackOptions: {
        success: (installation, _options, _req, res) => {
          const orgWide = installation.isEnterpriseInstall === true;
          const where = orgWide ? installation.enterprise : installation.team;
          log.info(
            { teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, orgWide },
            "installed",
          );
          send(res, 200, installedPage({ name: where?.name, id: where?.id ?? "", orgWide }));
        },
        failure: (error, _options, req, res) => {
          const reason = classify(error, req);
          if (reason.kind === "unexpected") log.error({ err: error, refId: reason.refId }, "install failed");
          else log.warn({ reason: reason.kind, code: error.code }, "install not completed");
          const failed = installFailedPage(reason);
          send(res, failed.status, failed.html);
        },
      },
    },
  };
}

function classify(error: FlowError, req: IncomingMessage): InstallFailure {
  const flowError = new URL(req.url ?? "/", "http://localhost").searchParams.get("error");
  if (flowError === "access_denied") return { kind: "denied" };
  switch (error.code) {
    case "slack_oauth_missing_state":
    case "slack_oauth_invalid_state":
    case "slack_oauth_missing_code":
      return { kind: "state", code: error.code ?? "" };
    case "slack_webapi_platform_error": {
      const code = (error as { data?: { error?: unknown } }).data?.error;
      return { kind: "slack", code: typeof code === "string" ? code : "unknown" };
    }
  }
  return { kind: "unexpected", refId: randomBytes(4).toString("hex") };
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(html);
}
