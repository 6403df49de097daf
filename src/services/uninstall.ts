import { markUninstalled } from "../db/workspaces.js";
import type { ServiceContext } from "./context.js";

/** The workspace removed the app: its scheduled work stops; its data stays, should it come back. */
export async function workspaceUninstalled(ctx: ServiceContext, teamId: string): Promise<void> {
  await markUninstalled(ctx.db, teamId, ctx.clock());
}
