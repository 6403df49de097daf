// The record open to other tools (the read API and the MCP tools): teams, their history, groups and their
// roll-ups, within one token's scope. Keyset pages of at most PAGE_MAX items; the shapes are the API's.

import { type LatestRound, latestRounds } from "../db/answers.js";
import {
  closedRoundsBefore,
  groupsInScope,
  teamInScope,
  teamsInScope,
  teamsPageInScope,
} from "../db/api-reads.js";
import type { ApiScope } from "../db/api-tokens.js";
import { groupNamesOf } from "../db/groups.js";
import type { MlTeam } from "../db/schema.js";
import { recentClosedRounds } from "../db/snapshots.js";
import { practicesLost } from "../domain/digest.js";
import type { EvidenceVerdicts } from "../domain/evidence.js";
import { type GroupRollup, ROLLUP_ROUNDS } from "../domain/group-rollup.js";
import { roundResult } from "../domain/round-result.js";
import type { CriterionId, Level } from "../domain/rubric.js";
import type { ServiceContext } from "./context.js";
import { rollupOf } from "./groups.js";
import { strictVerdicts } from "./strict-levels.js";
import { teamLine } from "./team-status.js";

export const PAGE_MAX = 200;

export interface Page<T, C> {
  readonly items: readonly T[];
  /** Where the next page starts; null on the last page. */
  readonly next: C | null;
}

export interface ApiTeam {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
  readonly workspaceId: string;
  /** From the team's latest round with answers, as `/mlops teams` shows it; null before any answer. */
  readonly level: Level | null;
  readonly next: CriterionId | null;
  readonly notApplicable: readonly CriterionId[];
  /** Under the strict evidence policy: practices in place the level leaves out as evidence disputes them. */
  readonly leftOutByEvidence: readonly CriterionId[];
}

export interface ApiTeamDetail extends ApiTeam {
  readonly round: { readonly period: string; readonly respondents: number } | null;
  readonly inPlace: readonly CriterionId[];
  readonly disputed: readonly CriterionId[];
  readonly groups: readonly string[];
}

export interface ApiRound {
  readonly period: string;
  readonly closedAt: string;
  readonly level: Level | null;
  readonly answered: number;
  readonly expected: number;
  readonly inPlace: readonly CriterionId[];
  /** Practices the latest earlier round with answers counted and this one does not. */
  readonly lost: readonly CriterionId[];
}

export interface ApiGroup {
  readonly name: string;
  readonly workspaceId: string;
  readonly teams: number;
}

export type ApiGroupDetail = ApiGroup & { readonly rollup: GroupRollup };

/**
 * A keyset page from rows read one past its end (`limit + 1`), in the page's order: the rows it shows, and
 * the cursor of the next page (null on the last).
 */
function keysetPage<R, C>(
  rows: readonly R[],
  limit: number,
  cursorOf: (last: R) => C,
): { shown: R[]; next: C | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { shown, next: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** The scope's teams after `afterId`, by id: one prepared statement a page. */
export async function teamsPage(
  ctx: ServiceContext,
  scope: ApiScope,
  afterId: number,
  limit = PAGE_MAX,
): Promise<Page<ApiTeam, number>> {
  const rows = await teamsPageInScope(ctx.db, scope, { afterId, limit: limit + 1 });
  const { shown, next } = keysetPage(rows, limit, (t) => t.id);
  const strict = await strictVerdicts(ctx, shown);
  return { items: shown.map((t) => apiTeam(t, t.latest, strict(t.id))), next };
}

/** `strict`: the team's verdicts now when its workspace's policy is strict (strict-levels.ts). */
function apiTeam(
  team: Pick<MlTeam, "id" | "name" | "channel_id" | "team_id">,
  latest: LatestRound | undefined,
  strict: EvidenceVerdicts | null,
): ApiTeam {
  const { id, name, channelId, level, next, notApplicable, leftOut } = teamLine(team, latest, strict);
  return {
    id,
    name,
    channelId,
    workspaceId: team.team_id,
    level,
    next,
    notApplicable,
    leftOutByEvidence: leftOut,
  };
}

/** One team of the scope with its latest answered round; null when the scope has no such team. */
export async function teamDetail(
  ctx: ServiceContext,
  scope: ApiScope,
  mlTeamId: number,
): Promise<ApiTeamDetail | null> {
  const team = await teamInScope(ctx.db, scope, mlTeamId);
  if (!team) return null;
  const [latest, groups, strict] = await Promise.all([
    latestRounds(ctx.db, team.team_id, [team.id]).then((m) => m.get(team.id)),
    groupNamesOf(ctx.db, [team.id]).then((m) => m.get(team.id) ?? []),
    strictVerdicts(ctx, [team]),
  ]);
  const result = latest ? roundResult(latest.answers) : null;
  return {
    ...apiTeam(team, latest, strict(team.id)),
    round: latest && result ? { period: latest.period, respondents: result.respondents } : null,
    inPlace: result ? [...result.met] : [],
    disputed: result ? [...result.disputed] : [],
    groups,
  };
}

/** A team's closed rounds before `before`, newest first; null when the scope has no such team. */
export async function teamHistoryPage(
  ctx: ServiceContext,
  scope: ApiScope,
  mlTeamId: number,
  before: string | null,
  limit = PAGE_MAX,
): Promise<Page<ApiRound, string> | null> {
  const team = await teamInScope(ctx.db, scope, mlTeamId);
  if (!team) return null;
  // A few rounds beyond the page, so the last round's losses are measured like the others'.
  const rounds = await closedRoundsBefore(ctx.db, team.id, before, limit + 1 + ROLLUP_ROUNDS);
  const { shown, next } = keysetPage(rounds, limit, (r) => r.period);
  const items = shown.map((r, i) => ({
    period: r.period,
    closedAt: r.closedAt.toISOString(),
    level: r.level,
    answered: r.answered,
    expected: r.expected,
    inPlace: r.met,
    lost: practicesLost(rounds.slice(i)),
  }));
  return { items, next };
}

export async function groupsPage(
  ctx: ServiceContext,
  scope: ApiScope,
  afterId: number,
  limit = PAGE_MAX,
): Promise<Page<ApiGroup, number>> {
  const rows = await groupsInScope(ctx.db, scope, { afterId, limit: limit + 1 });
  const { shown, next } = keysetPage(rows, limit, (g) => g.id);
  return { items: shown.map(({ name, workspaceId, teams }) => ({ name, workspaceId, teams })), next };
}

/**
 * The scope's group of that name (any case) with its roll-up; null when there is none. An organisation's
 * workspaces may each have a group of the same name: then the first created is meant.
 */
export async function groupDetail(
  ctx: ServiceContext,
  scope: ApiScope,
  name: string,
): Promise<ApiGroupDetail | null> {
  const [group] = await groupsInScope(ctx.db, scope, { name, limit: 1 });
  if (!group) return null;
  const rollup = await rollupOf(ctx, group.id);
  return { name: group.name, workspaceId: group.workspaceId, teams: group.teams, rollup };
}

export interface ApiLoss {
  readonly team: ApiTeamRef;
  /** The closed round that lost them. */
  readonly period: string;
  readonly lost: readonly CriterionId[];
}

export interface ApiTeamRef {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
}

/** Teams of the scope whose latest closed round lost a practice (closed at or after `since`, when given). */
export async function practicesLostInScope(
  ctx: ServiceContext,
  scope: ApiScope,
  since: Date | null,
): Promise<ApiLoss[]> {
  const losses: ApiLoss[] = [];
  for (let afterId = 0; ; ) {
    const teams = await teamsInScope(ctx.db, scope, { afterId, limit: LOSS_BATCH });
    const history = await recentClosedRounds(
      ctx.db,
      teams.map((t) => t.id),
      ROLLUP_ROUNDS,
    );
    for (const team of teams) {
      const rounds = history.get(team.id) ?? [];
      const lost = practicesLost(rounds);
      const [latest] = rounds;
      if (lost.length === 0 || !latest || (since && latest.closedAt < since)) continue;
      losses.push({
        team: { id: team.id, name: team.name, channelId: team.channel_id },
        period: latest.period,
        lost,
      });
    }
    const last = teams.at(-1);
    if (!last || teams.length < LOSS_BATCH) return losses;
    afterId = last.id;
  }
}

const LOSS_BATCH = 500;
