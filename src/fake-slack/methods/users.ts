import type { MethodTable } from "./types.js";

// As Slack does, users.info always carries a profile with the custom status fields: empty strings and 0
// (never expires) when the person has set none.
const NO_STATUS = { status_emoji: "", status_text: "", status_expiration: 0 };

export const usersMethods: MethodTable = {
  "users.info": ({ args }, workspace) => {
    const user = workspace.users.get(String(args.user));
    if (!user) return { ok: false, error: "user_not_found" };
    return {
      ok: true,
      user: {
        tz: "UTC",
        is_admin: false,
        is_owner: false,
        ...user,
        profile: { ...NO_STATUS, ...user.profile },
      },
    };
  },
};
