import { describe, expect, it } from "vitest";
import { ensureWorkspace, findWorkspace } from "../../../../src/db/workspaces.js";
import { useBot } from "../../../support/fixture.js";
import { eventEnvelope } from "../../../support/payloads.js";

// app_uninstalled and tokens_revoked, both handled in app-uninstalled.ts.
const bot = useBot();

describe("uninstalling the app", () => {
  it("marks only the uninstalling workspace, and a reinstall clears the mark", async () => {
    await ensureWorkspace(bot.db, { teamId: "T0", enterpriseId: null });
    await ensureWorkspace(bot.db, { teamId: "T1", enterpriseId: "E1" });
    const res = await bot.event(eventEnvelope({ type: "app_uninstalled" }, { teamId: "T0", userId: "UX" }));
    expect(res.status).toBe(200);
    await expect.poll(async () => (await findWorkspace(bot.db, "T0"))?.uninstalled_at).toBeInstanceOf(Date);
    expect((await findWorkspace(bot.db, "T1"))?.uninstalled_at).toBeNull();

    await ensureWorkspace(bot.db, { teamId: "T0", enterpriseId: null });
    expect((await findWorkspace(bot.db, "T0"))?.uninstalled_at).toBeNull();
  });

  it("treats a revoked bot token like an uninstall, but not a revoked user token", async () => {
    await ensureWorkspace(bot.db, { teamId: "T2", enterpriseId: null });
    await bot.event(
      eventEnvelope({ type: "tokens_revoked", tokens: { oauth: ["UX"] } }, { teamId: "T2", userId: "UX" }),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect((await findWorkspace(bot.db, "T2"))?.uninstalled_at).toBeNull();
    await bot.event(
      eventEnvelope({ type: "tokens_revoked", tokens: { bot: ["UBOT"] } }, { teamId: "T2", userId: "UX" }),
    );
    await expect.poll(async () => (await findWorkspace(bot.db, "T2"))?.uninstalled_at).toBeInstanceOf(Date);
  });
});
