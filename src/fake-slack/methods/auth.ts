import type { MethodTable } from "./types.js";

export const authMethods: MethodTable = {
  "auth.test": (call, workspace) => {
    // A token the fake's OAuth issued answers as its installation; any other as the one configured workspace.
    const owner = workspace.oauth.ownerOf(call.token);
    const identity = owner
      ? { teamId: owner.teamId ?? "", enterpriseId: owner.enterpriseId }
      : workspace.identity;
    return {
      ok: true,
      url: "https://fake.slack.com/",
      team: "Fake",
      user: "mlops",
      team_id: identity.teamId,
      user_id: owner?.botUserId ?? "UBOT",
      bot_id: owner?.botId ?? "BBOT",
      ...(identity.enterpriseId ? { enterprise_id: identity.enterpriseId } : {}),
      ...((owner ? owner.isEnterpriseInstall : workspace.identity.orgWide)
        ? { is_enterprise_install: true }
        : {}),
    };
  },
  "oauth.v2.access": (call, workspace) => workspace.oauth.access(call.args),
};
