import type { BlockAction, StaticSelectAction } from "@slack/bolt";
import { workspaceOf } from "../../forms/payload.js";
import { HOME_GROUP_FILTER_ACTION } from "../../ids.js";
import { groupFilterValue } from "../../views/home.js";
import { publishHome } from "../publish-home.js";
import type { ListenerTable } from "../table.js";

/** An admin picks a group (or "All teams") above the App Home overview: the tab is published again, narrowed. */
export function registerHomeGroupFilter(app: ListenerTable): void {
  app.action<BlockAction<StaticSelectAction>>(
    HOME_GROUP_FILTER_ACTION,
    async ({ ack, body, action, client }, deps) => {
      await ack();
      const workspace = workspaceOf(body);
      if (!workspace) return;
      await publishHome(
        client,
        deps,
        workspace.teamId,
        body.user.id,
        groupFilterValue(action.selected_option?.value),
      );
    },
  );
}
