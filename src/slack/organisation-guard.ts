// Which Enterprise Grid organisation a request says it comes from must be the one Slack named for the bot's
// token (auth.test at start). A request naming another one is logged and refused before any listener runs:
// it used to overwrite the workspace's stored organisation.
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
  user?: { id?: string };
  user_id?: string;
  authorizations?: { enterprise_id?: string | null }[];
}

/** The organisation a request names: commands and events at the top, interactions under enterprise or team. */
export function enterpriseOf(body: unknown): string | null {
  const b = (body ?? {}) as AnyBody;
  const id =
    b.enterprise_id ?? b.enterprise?.id ?? b.team?.enterprise_id ?? b.authorizations?.[0]?.enterprise_id;
  return typeof id === "string" && id !== "" ? id : null;
}

export function refuseOtherOrganisations(
  identity: BotIdentity,
  logger: Logger,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const claimed = enterpriseOf(args.body);
    if (claimed === identity.enterpriseId) return args.next();
    const body = args.body as AnyBody;
    logger.warn(
      {
        requestEnterpriseId: claimed,
        installedEnterpriseId: identity.enterpriseId,
        teamId: body.team?.id ?? body.team_id,
        userId: body.user?.id ?? body.user_id,
      },
      "request from another Enterprise Grid organisation than the bot's: refused",
    );
    await tellUser(args, refusal(claimed, identity.enterpriseId));
  };
}

function refusal(claimed: string | null, installed: string | null): string {
  const named = (id: string) => `\`${escapeMrkdwn(truncate(id, 40))}\``;
  const from =
    claimed === null
      ? "a workspace outside any Enterprise Grid organisation"
      : `organisation ${named(claimed)}`;
  const to = installed === null ? "a workspace outside any organisation" : `organisation ${named(installed)}`;
  return `:no_entry: This request comes from ${from}, but this MLOps bot is installed for ${to}, so nothing was done. If the app was moved, reinstall it where you use it.`;
}
