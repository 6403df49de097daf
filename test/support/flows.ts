import { expect, vi } from "vitest";
import type { BotUnderTest, CommandReply } from "./harness.js";
import { FORM, replyOf } from "./harness.js";
import {
  type CheckinAnswer,
  checkinValues,
  lastView,
  type SetupAnswer,
  setupValues,
  type ViewJson,
} from "./modal-state.js";
import { type Actor, ALICE, appHomeOpened, BOB, viewSubmission } from "./payloads.js";

// What a person does in Slack, step by step, through the real app: type a command, wait for the modal
// the bot opens, fill it in from what it offers, submit it.

export interface Where {
  actor: Actor;
  channelId: string;
  channelName?: string;
}

let channels = 0;

/** A channel no test of the file has used yet, where `actor` runs commands. */
export function freshChannel(actor: Actor, prefix: string): Where {
  channels += 1;
  return { actor, channelId: `C${prefix.toUpperCase()}${channels}`, channelName: `ml-${prefix}-${channels}` };
}

/** A team set up by Alice in a fresh channel, with Alice and Bob as its respondents, in UTC. */
export async function newTeam(bot: BotUnderTest, name = "Model Ops", prefix = "team"): Promise<Where> {
  const where = freshChannel(ALICE, prefix);
  await setUpTeam(bot, where, { name, respondents: [ALICE.userId, BOB.userId], timeZone: "UTC" });
  return where;
}

/** Opens `actor`'s App Home tab and returns the view the bot publishes for them. */
export async function openHome(bot: BotUnderTest, actor: Actor): Promise<ViewJson> {
  const before = bot.slack.callsTo("views.publish").length;
  const res = await bot.event(appHomeOpened(actor));
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(bot.slack.callsTo("views.publish").length).toBeGreaterThan(before));
  const call = bot.slack.callsTo("views.publish").at(-1);
  expect(call?.args.user_id).toBe(actor.userId);
  return lastView(bot.slack, "views.publish");
}

/** Runs a command that should open a modal, and returns the modal. */
export async function openModal(bot: BotUnderTest, text: string, where: Where): Promise<ViewJson> {
  const before = bot.slack.callsTo("views.open").length;
  const res = await bot.command(text, where);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe("");
  await vi.waitFor(() => expect(bot.slack.callsTo("views.open").length).toBeGreaterThan(before));
  return lastView(bot.slack);
}

/** Submits a modal the bot opened; resolves to what the bot acked (empty when the modal closes). */
export async function submitModal(
  bot: BotUnderTest,
  view: ViewJson,
  values: ReturnType<typeof checkinValues>,
  actor: Actor,
): Promise<Record<string, unknown> | null> {
  const res = await bot.submit(view.callback_id ?? "", values, {
    actor,
    privateMetadata: view.private_metadata ?? "",
    blocks: view.blocks.map((b) => ({ type: b.type, block_id: b.block_id })),
  });
  expect(res.status).toBe(200);
  const body = await res.text();
  return body === "" ? null : (JSON.parse(body) as Record<string, unknown>);
}

/** Submits `view` with its state.values replaced by anything, e.g. null, as a forged request could. */
export async function submitRawValues(
  bot: BotUnderTest,
  view: ViewJson,
  values: unknown,
  actor: Actor,
): Promise<unknown> {
  const payload = viewSubmission(
    view.callback_id ?? "",
    {},
    { actor, privateMetadata: view.private_metadata },
  );
  const body = { ...payload, view: { ...payload.view, state: { values } } };
  const res = await bot.post(new URLSearchParams({ payload: JSON.stringify(body) }).toString(), FORM);
  expect(res.status).toBe(200);
  return res.json();
}

/** Waits for the next message shown to someone (ephemeral, or a DM fallback) and returns its text. */
export async function nextNotice(bot: BotUnderTest, before: number): Promise<string> {
  const notices = () =>
    bot.slack.calls.filter((c) => c.method === "chat.postEphemeral" || c.method === "chat.postMessage");
  await vi.waitFor(() => expect(notices().length).toBeGreaterThan(before));
  return String(notices()[before]?.args.text);
}

export function noticeCount(bot: BotUnderTest): number {
  return bot.slack.calls.filter((c) => c.method === "chat.postEphemeral" || c.method === "chat.postMessage")
    .length;
}

/** `/mlops setup` in the channel, filled in and saved; returns the confirmation shown. */
export async function setUpTeam(bot: BotUnderTest, where: Where, answer: SetupAnswer): Promise<string> {
  const view = await openModal(bot, "setup", where);
  const before = noticeCount(bot);
  expect(await submitModal(bot, view, setupValues(view, answer), where.actor)).toBeNull();
  return nextNotice(bot, before);
}

/** `/mlops checkin` in the channel, answered and saved; returns the confirmation shown. */
export async function checkIn(bot: BotUnderTest, where: Where, answer: CheckinAnswer): Promise<string> {
  const view = await openModal(bot, "checkin", where);
  const before = noticeCount(bot);
  expect(await submitModal(bot, view, checkinValues(view, answer), where.actor)).toBeNull();
  return nextNotice(bot, before);
}

/** `/mlops status [argument]` in the channel; returns the reply shown. */
export async function askStatus(bot: BotUnderTest, where: Where, argument = ""): Promise<CommandReply> {
  return replyOf(await bot.command(`status ${argument}`.trim(), where));
}
