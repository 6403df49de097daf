import { describe, expect, it } from "vitest";
import { ensureWorkspace, findWorkspace } from "../../src/db/workspaces.js";
import { useDatabase } from "../support/fixture.js";

const database = useDatabase();

async function teamIds(): Promise<string[]> {
  const rows = await database.db.selectFrom("workspaces").select("team_id").orderBy("team_id").execute();
  return rows.map((r) => r.team_id);
}

describe("ensureWorkspace", () => {
  it("creates a workspace once and keeps the enterprise id it learnt", async () => {
    await ensureWorkspace(database.db, { teamId: "TONE", enterpriseId: "E1" });
    await ensureWorkspace(database.db, { teamId: "TONE", enterpriseId: null });
    expect((await findWorkspace(database.db, "TONE"))?.enterprise_id).toBe("E1");
  });

  // The scheduler serves every workspace row: one with no id would get digests nobody asked for.
  it.each(["", "   "])("refuses the empty team id %j and stores nothing", async (teamId) => {
    const before = await teamIds();
    await expect(ensureWorkspace(database.db, { teamId, enterpriseId: null })).rejects.toThrow(RangeError);
    expect(await teamIds()).toEqual(before);
  });

  it("refuses a team id missing from a malformed payload", async () => {
    const payload: { team_id?: string } = JSON.parse("{}");
    await expect(
      ensureWorkspace(database.db, { teamId: payload.team_id as string, enterpriseId: null }),
    ).rejects.toThrow(RangeError);
  });
});
