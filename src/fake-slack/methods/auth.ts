import type { MethodTable } from "./types.js";

export const authMethods: MethodTable = {
  "auth.test": () => ({
    ok: true,
    url: "https://fake.slack.com/",
    team: "Fake",
    user: "mlops",
    team_id: "T0",
    user_id: "UBOT",
    bot_id: "BBOT",
  }),
};
