// "Done means" of OAuth mode, as a new user would try it: the bot started with a client id, secret, state
// secret and encryption key only; two workspaces installed through /slack/install and /slack/oauth_redirect;
// each one's commands and Monday messages use its own token; an uninstall stops one; no token in the database.
import { describe, expect, it } from "vitest";
import { useBot } from "../support/fixture.js";
import { installThroughRoutes, OAUTH_ENV } from "../support/oauth.js";

const bot = useBot({ env: OAUTH_ENV });

describe("OAuth mode: Done means", () => {
  it("installs two workspaces through the real routes", async () => {
    const res = await installThroughRoutes(bot, { teamId: "T1", teamName: "Acme ML", userId: "UADMIN1" });
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(html).toContain("Acme ML");
  });
});
