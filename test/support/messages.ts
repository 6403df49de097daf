// Readers for what the bot sends Slack — a message, a reply, a view, a block or a list of blocks — so
// that tests assert on what a person sees, and on ids only where the test is about ids.
import type { KnownBlock } from "@slack/types";
import { expect } from "vitest";
import { messageBlockProblems } from "../../src/fake-slack/block-kit.js";
import { LIMITS } from "../../src/slack/limits.js";
import type { ChatMessage } from "../../src/slack/views/chat-message.js";

/**
 * The text a person sees: the fallback `text` and the text of every text object (sections, fields,
 * context elements, headers, buttons, input labels, hints and placeholders, options and their
 * descriptions, view titles), one per line. Not block_ids, action_ids, values, URLs or private_metadata.
 */
export function visibleText(shown: unknown): string {
  return textsIn(shown).join("\n");
}

/** The block_id of each block in order, "" for a block without one. */
export function blockIds(message: { readonly blocks?: unknown }): string[] {
  return listOf(message.blocks).map((block) => stringAt(block, "block_id") ?? "");
}

/** Every action_id, in buttons, inputs and accessories alike. */
export function actionIds(shown: unknown): string[] {
  if (Array.isArray(shown)) return shown.flatMap(actionIds);
  if (!isRecord(shown)) return [];
  const own = typeof shown.action_id === "string" ? [shown.action_id] : [];
  return [...own, ...Object.values(shown).flatMap(actionIds)];
}

function textsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textsIn);
  if (!isRecord(value)) return [];
  if (value.type === "data_visualization") return chartTexts(value);
  return Object.entries(value).flatMap(([key, inner]) => {
    // A text object's `text`, or a message's fallback text; everything else is looked into for those.
    if (key === "text" && typeof inner === "string") return [inner];
    return textsIn(inner);
  });
}

/** A chart shows its title, axis titles, categories and series names (the values are drawn, not written). */
function chartTexts(block: Record<string, unknown>): string[] {
  const chart = isRecord(block.chart) ? block.chart : {};
  const axis = isRecord(chart.axis_config) ? chart.axis_config : {};
  const strings = (values: unknown[]) => values.filter((v): v is string => typeof v === "string");
  return strings([
    block.title,
    axis.x_label,
    axis.y_label,
    ...listOf(axis.categories),
    ...listOf(chart.series).map((s) => (isRecord(s) ? s.name : undefined)),
    ...listOf(chart.segments).map((s) => (isRecord(s) ? s.label : undefined)),
  ]);
}

/** A chart's categories and each series' values by name, as Slack draws them; a missing chart fails the test. */
export function chartIn(
  message: { readonly blocks?: unknown },
  blockId: string,
): { title: string; type: string; categories: string[]; series: Record<string, number[]> } {
  const found = listOf(message.blocks).find(
    (b) => isRecord(b) && b.type === "data_visualization" && b.block_id === blockId,
  );
  if (!isRecord(found) || !isRecord(found.chart)) {
    throw new Error(`no chart ${blockId} among ${blockIds(message).join(", ")}`);
  }
  const chart = found.chart as {
    type: string;
    axis_config?: { categories: string[] };
    series?: { name: string; data: { value: number }[] }[];
    segments?: { label: string; value: number }[];
  };
  const series = Object.fromEntries((chart.series ?? []).map((s) => [s.name, s.data.map((p) => p.value)]));
  if (chart.segments) series.segments = chart.segments.map((s) => s.value);
  return {
    title: String(found.title),
    type: chart.type,
    categories: chart.axis_config?.categories ?? (chart.segments ?? []).map((s) => s.label),
    series,
  };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringAt(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const found = value[key];
  return typeof found === "string" ? found : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** A block as tests read it: its id, its text and its elements. */
export type ShownBlock = KnownBlock & {
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: string | { text: string } }[];
};

/** The block of a scheduled message with that block_id; a missing block fails the test, saying so. */
export function block(message: ChatMessage, blockId: string): ShownBlock {
  const found = shownBlocks(message).find((b) => b.block_id === blockId);
  if (!found) throw new Error(`no block ${blockId} among ${blockIds(message).join(", ")}`);
  return found;
}

/** The buttons (and other elements) of a message's actions blocks, in order. */
export function buttons(message: ChatMessage): NonNullable<ShownBlock["elements"]> {
  return shownBlocks(message)
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);
}

/** Slack's limits on a message's blocks, section texts, headers and charts. */
export function expectWithinLimits(message: ChatMessage): void {
  expect(messageBlockProblems(message.blocks)).toEqual([]);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
  for (const b of shownBlocks(message)) {
    if (b.type === "section") expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === "header") expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.headerText);
  }
}

function shownBlocks(message: ChatMessage): ShownBlock[] {
  return message.blocks as ShownBlock[];
}
