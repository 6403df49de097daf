// Which workspace and organisation a slash command speaks for, as Slack signed it.
import type { SlashCommand } from "@slack/bolt";

/** The command's workspace, and its Enterprise Grid organisation when it has one. */
export function workspaceOf(command: SlashCommand): { teamId: string; enterpriseId: string | null } {
  return { teamId: command.team_id, enterpriseId: command.enterprise_id ?? null };
}

/** The organisation whose org-wide install the command came through; null for a workspace's own install. */
export function orgWideEnterprise(command: SlashCommand): string | null {
  return command.is_enterprise_install === "true" && command.enterprise_id ? command.enterprise_id : null;
}
