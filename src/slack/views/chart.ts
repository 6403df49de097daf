// Slack's data_visualization block (Block Kit, June 2026), declared here once because @slack/types has no
// type for it yet, and the builders every chart in the bot goes through. Limits: src/slack/limits.ts.
import type { KnownBlock } from "@slack/types";
import { LEVELS } from "../../domain/rubric.js";
import { CHART_LIMITS } from "../limits.js";
import { truncate } from "./mrkdwn.js";

export interface ChartPoint {
  readonly label: string;
  readonly value: number;
}

export interface ChartSeries {
  readonly name: string;
  readonly data: readonly ChartPoint[];
}

export interface AxisConfig {
  readonly categories: readonly string[];
  readonly x_label?: string;
  readonly y_label?: string;
}

export type Chart =
  | {
      readonly type: "line" | "bar" | "area";
      readonly series: readonly ChartSeries[];
      readonly axis_config: AxisConfig;
    }
  | { readonly type: "pie"; readonly segments: readonly ChartPoint[] };

export interface DataVisualizationBlock {
  readonly type: "data_visualization";
  readonly block_id?: string;
  readonly title: string;
  readonly chart: Chart;
}

/** Any block a message can carry: Block Kit's known blocks and the chart. */
export type MessageBlock = KnownBlock | DataVisualizationBlock;

export interface SeriesChartInput {
  readonly blockId: string;
  readonly title: string;
  readonly type: "line" | "bar" | "area";
  /** The x-axis, in order; every series has one value per category. */
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
  readonly xLabel?: string;
  readonly yLabel?: string;
}

/** A line, bar or area chart, cut to Slack's limits (the latest categories are kept). */
export function seriesChart(input: SeriesChartInput): DataVisualizationBlock {
  const keep = Math.min(input.categories.length, CHART_LIMITS.points);
  const from = input.categories.length - keep;
  const categories = input.categories.slice(from).map((c) => truncate(c, CHART_LIMITS.label));
  return {
    type: "data_visualization",
    block_id: input.blockId,
    title: truncate(input.title, CHART_LIMITS.title),
    chart: {
      type: input.type,
      series: input.series.slice(0, CHART_LIMITS.series).map((s) => ({
        name: truncate(s.name, CHART_LIMITS.label),
        data: categories.map((label, i) => ({ label, value: s.values[from + i] ?? 0 })),
      })),
      axis_config: {
        categories,
        ...(input.xLabel ? { x_label: truncate(input.xLabel, CHART_LIMITS.axisLabel) } : {}),
        ...(input.yLabel ? { y_label: truncate(input.yLabel, CHART_LIMITS.axisLabel) } : {}),
      },
    },
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "30 Nov" for each round's first day; with the year ("30 Nov 25") when two rounds would share a label,
 * as monthly rounds over more than a year do. Categories must tell their points apart.
 */
export function roundCategories(periods: readonly string[]): string[] {
  const short = periods.map((p) => `${Number(p.slice(8, 10))} ${MONTHS[Number(p.slice(5, 7)) - 1] ?? ""}`);
  if (new Set(short).size === short.length) return short;
  return periods.map((p, i) => `${short[i]} ${p.slice(2, 4)}`);
}

/** A level's trend in words, for the fallback text: "Level 0 → 1 → 1 → 2 over 4 rounds". */
export function levelTrendText(levels: readonly number[]): string {
  if (levels.length === 0) return "no level yet";
  const rounds = levels.length === 1 ? "1 round" : `${levels.length} rounds`;
  return `Level ${levels.join(" → ")} over ${rounds}`;
}

/** The flat line at the top of the scale that every level chart carries. */
export const LEVEL_SCALE_SERIES = "Level 4 (the top)";

/**
 * A line chart of levels 0–4, one point per round, labelled by the round's first day. Slack's chart has no
 * axis range and scales to its data, so a flat line at Level 4 keeps the axis 0–4 for a Level 1 team too.
 */
export function levelChart(
  blockId: string,
  title: string,
  points: readonly { readonly period: string; readonly level: number }[],
): DataVisualizationBlock {
  return seriesChart({
    blockId,
    title,
    type: "line",
    categories: roundCategories(points.map((p) => p.period)),
    series: [
      { name: "Level", values: points.map((p) => p.level) },
      { name: LEVEL_SCALE_SERIES, values: points.map(() => LEVELS.length - 1) },
    ],
    xLabel: "Round",
    yLabel: "Level (0–4)",
  });
}
