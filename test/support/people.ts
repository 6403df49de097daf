// The people of the workspace T0 as Slack describes them (users.info), for tests of who may do what.
import type { FakeSlack } from "../../src/fake-slack/server.js";
import { type Actor, ALICE, BOB } from "./payloads.js";

/** Works in T0 but answers for no team. */
export const CAROL: Actor = { teamId: "T0", userId: "UCAROL" };
/** A workspace admin. */
export const ADA: Actor = { teamId: "T0", userId: "UADA" };
/** A workspace owner. */
export const OWEN: Actor = { teamId: "T0", userId: "UOWEN" };
/** Whoever set up the teams that seedTeam inserts. */
export const CREATOR: Actor = { teamId: "T0", userId: "UCREATOR" };
/** Someone Slack does not know: users.info answers user_not_found. */
export const NOBODY: Actor = { teamId: "T0", userId: "UNOBODY" };
/** Someone of another workspace. */
export const STRANGER: Actor = { teamId: "T9", userId: "USTRANGER" };

/** Tells the fake Slack who Carol, Ada and Owen are. */
export function introducePeople({ slack }: { slack: FakeSlack }): void {
  slack.users.set(CAROL.userId, { id: CAROL.userId, tz: "Europe/Paris" });
  slack.users.set(ADA.userId, { id: ADA.userId, tz: "UTC", is_admin: true });
  slack.users.set(OWEN.userId, { id: OWEN.userId, tz: "UTC", is_owner: true });
}

/** Someone of a workspace in an Enterprise Grid organisation. */
export const GRID: Actor = { teamId: "T2GRID", userId: "UGRID", enterpriseId: "E1" };

/** Who sets teams up in the setup tests: Alice in Berlin, Bob in Tokyo, Ada the admin, Grid in Chicago. */
export function introduceTeamMakers({ slack }: { slack: FakeSlack }): void {
  slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Europe/Berlin" });
  slack.users.set(BOB.userId, { id: BOB.userId, tz: "Asia/Tokyo" });
  slack.users.set(ADA.userId, { id: ADA.userId, tz: "UTC", is_admin: true });
  slack.users.set(GRID.userId, { id: GRID.userId, tz: "America/Chicago" });
}

/** Makes the fake Slack list these people as members of the channel (conversations.members). */
export function joinChannel(slack: FakeSlack, channelId: string, ...userIds: string[]): void {
  const channel = slack.channels.get(channelId) ?? { id: channelId, name: `channel-${channelId}` };
  slack.channels.set(channelId, { ...channel, members: [...(channel.members ?? []), ...userIds] });
}

/** How a one-token bot answers a request Slack addressed to another workspace than its token's. */
export const NOT_OUR_WORKSPACE = ":no_entry: This request comes from workspace";
