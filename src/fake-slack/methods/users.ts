import type { MethodTable } from "./types.js";

export const usersMethods: MethodTable = {
  "users.info": ({ args }, workspace) => {
    const user = workspace.users.get(String(args.user));
    return user
      ? { ok: true, user: { tz: "UTC", is_admin: false, is_owner: false, ...user } }
      : { ok: false, error: "user_not_found" };
  },
};
