import type { MethodTable } from "./types.js";

export const authMethods: MethodTable = {
  "auth.test": (_call, workspace) => ({
    ok: true,
    url: "https://fake.slack.com/",
    team: "Fake",
    user: "mlops",
    team_id: workspace.identity.teamId,
    user_id: "UBOT",
    bot_id: "BBOT",
    ...(workspace.identity.enterpriseId ? { enterprise_id: workspace.identity.enterpriseId } : {}),
  }),
};
