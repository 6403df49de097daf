// One bot token: every request must be one Slack addressed to the token's own installation (auth.test at start
// names it). A request naming another Enterprise Grid organisation, or another workspace, is logged and refused
// before any listener runs: one used to overwrite the workspace's stored organisation, another to set up a team
// whose digest the tick then posted with our token. Slack Connect is not "another workspace": a person of
// another organisation acting in our shared channel sends their own team, but Slack names ours as the
// installation (view.app_installed_team_id, authorizations[].team_id), and the request acts in ours.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../logger.js";
import type { BotIdentity } from "./api/token-check.js";
import { tellUser } from "./failure-reply.js";
import { escapeMrkdwn, truncate } from "./views/mrkdwn.js";

interface AnyBody {
  enterprise_id?: string | null;
  enterprise?: { id?: string } | null;
  team?: { id?: string; enterprise_id?: string } | null;
  team_id?: string;
  user?: { id?: string; team_id?: string };
  user_id?: string;
  view?: { app_installed_team_id?: string } | null;
  authorizations?: { enterprise_id?: string | null; team_id?: string | null }[];
}

/** The organisation a request names: commands and events at the top, interactions under enterprise or team. */
export function enterpriseOf(body: unknown): string | null {
  const b = (body ?? {}) as AnyBody;
  const id =
    b.enterprise_id ?? b.enterprise?.id ?? b.team?.enterprise_id ?? b.authorizations?.[0]?.enterprise_id;
  return typeof id === "string" && id !== "" ? id : null;
}

/** The workspace the sender acts from: a command's or event's team_id, an interaction's team. */
function senderTeamOf(body: AnyBody): string | undefined {
  return body.team_id ?? body.team?.id ?? undefined;
}

/** The workspaces Slack names as the app's installation the request is for (Slack Connect among others). */
function installedTeamsOf(body: AnyBody): string[] {
  const named = [body.view?.app_installed_team_id, ...(body.authorizations ?? []).map((a) => a.team_id)];
  return named.filter((id): id is string => typeof id === "string" && id !== "");
}

type Judgement =
  | { readonly ours: true }
  | { readonly ours: false; readonly why: "organisation" | "workspace" };

export function judgeAddressee(body: unknown, identity: BotIdentity): Judgement {
  const b = (body ?? {}) as AnyBody;
  const claimed = enterpriseOf(b);
  const sender = senderTeamOf(b);
  const ownOrganisation = claimed === identity.enterpriseId;
  // Our own workspace in another organisation contradicts what Slack said of the token: refused.
  if (sender === identity.teamId)
    return ownOrganisation ? { ours: true } : { ours: false, why: "organisation" };
  if (identity.teamId !== "" && installedTeamsOf(b).includes(identity.teamId)) return { ours: true };
  // An org-wide token serves every workspace of its organisation.
  if (identity.orgWide && ownOrganisation && identity.enterpriseId !== null) return { ours: true };
  return { ours: false, why: ownOrganisation ? "workspace" : "organisation" };
}

export function refuseOthersRequests(identity: BotIdentity, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const judgement = judgeAddressee(args.body, identity);
    if (judgement.ours) return args.next();
    const body = args.body as AnyBody;
    const claimed = enterpriseOf(body);
    const teamId = senderTeamOf(body);
    logger.warn(
      {
        requestEnterpriseId: claimed,
        installedEnterpriseId: identity.enterpriseId,
        teamId,
        installedTeamId: identity.teamId,
        userId: body.user?.id ?? body.user_id,
      },
      judgement.why === "organisation"
        ? "request from another Enterprise Grid organisation than the bot's: refused"
        : "request from another workspace than the bot's: refused",
    );
    await tellUser(
      args,
      judgement.why === "organisation"
        ? organisationRefusal(claimed, identity.enterpriseId)
        : workspaceRefusal(teamId ?? null, identity.teamId),
    );
  };
}

const named = (id: string) => `\`${escapeMrkdwn(truncate(id, 40))}\``;
const REINSTALL = "so nothing was done. If the app was moved, reinstall it where you use it.";

function organisationRefusal(claimed: string | null, installed: string | null): string {
  const from =
    claimed === null
      ? "a workspace outside any Enterprise Grid organisation"
      : `organisation ${named(claimed)}`;
  const to = installed === null ? "a workspace outside any organisation" : `organisation ${named(installed)}`;
  return `:no_entry: This request comes from ${from}, but this MLOps bot is installed for ${to}, ${REINSTALL}`;
}

function workspaceRefusal(claimed: string | null, installed: string): string {
  const from = claimed === null ? "no workspace" : `workspace ${named(claimed)}`;
  return `:no_entry: This request comes from ${from}, but this MLOps bot is installed for workspace ${named(installed)}, ${REINSTALL}`;
}
