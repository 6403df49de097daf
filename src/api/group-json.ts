// A group's roll-up as the read API and the MCP tools give it.
import type { ApiGroupDetail } from "../services/read-api.js";

/** A group's roll-up as the API gives it. */
export function groupJson({ name, workspaceId, teams, rollup }: ApiGroupDetail) {
  const ref = (t: { id: number; name: string; channelId: string }) => ({
    id: t.id,
    name: t.name,
    channelId: t.channelId,
  });
  return {
    name,
    workspaceId,
    teams,
    perLevel: rollup.perLevel,
    unassessed: rollup.unassessed,
    median: rollup.median,
    movers: rollup.movers.map((m) => ({ ...ref(m), from: m.from, to: m.to })),
    lostPractice: rollup.lostPractice.map((t) => ({ ...ref(t), lost: t.lost })),
    commonNext: rollup.commonNext,
    missed: rollup.missed.map(ref),
    participation: rollup.participation,
    strictEvidencePolicy: rollup.strict,
  };
}
