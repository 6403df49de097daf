// Levels in lists of teams (`/mlops teams`, App Home, the read API) under the strict evidence policy: each
// team's level now without the practices evidence disputes, as `/mlops status` counts it. Teams whose
// workspace keeps the default policy cost one query and read no evidence.
import { evidencePolicies } from "../db/evidence.js";
import type { MlTeam } from "../db/schema.js";
import type { EvidenceVerdicts } from "../domain/evidence.js";
import type { ServiceContext } from "./context.js";
import { loadEvidenceOfTeams } from "./team-evidence.js";

/** A team's verdicts now when its workspace's policy is strict; null otherwise (its level is the answers'). */
export type StrictVerdicts = (mlTeamId: number) => EvidenceVerdicts | null;

export async function strictVerdicts(
  ctx: ServiceContext,
  teams: readonly Pick<MlTeam, "id" | "team_id">[],
): Promise<StrictVerdicts> {
  const policies = await evidencePolicies(
    ctx.db,
    teams.map((t) => t.team_id),
  );
  const strict = teams.filter((t) => policies.get(t.team_id) === "strict");
  if (strict.length === 0) return () => null;
  const now = ctx.clock();
  const evidence = await loadEvidenceOfTeams(
    ctx.db,
    strict.map((t) => ({ id: t.id, teamId: t.team_id })),
    now,
  );
  return (mlTeamId) => {
    const found = evidence(mlTeamId);
    return found?.policy === "strict" ? found.current(now) : null;
  };
}
