import { sql } from "kysely";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a frozen migration is plain JavaScript, typed by its JSDoc only
import * as dropped from "../../migrations/20261206T1100_drop_read_cache_notify.js";
import { useDatabase } from "../support/fixture.js";

// The read cache's change notifications (migration 20261202T1300) are dropped by 20261206T1100, and its down
// puts them back: writes no longer run a trigger per statement, and a rollback leaves the schema as it was.
const database = useDatabase();

async function notifying(): Promise<{ triggers: string[]; functions: string[] }> {
  const triggers = await sql<{ name: string }>`
    select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where t.tgname like 'mlops\\_reads\\_%' and c.relnamespace = current_schema()::regnamespace
     order by 1`.execute(database.db);
  const functions = await sql<{ name: string }>`
    select proname as name from pg_proc
     where proname like 'mlops\\_%' and pronamespace = current_schema()::regnamespace order by 1`.execute(
    database.db,
  );
  return { triggers: triggers.rows.map((r) => r.name), functions: functions.rows.map((r) => r.name) };
}

describe("migration 20261206T1100_drop_read_cache_notify", () => {
  it("leaves no change trigger or notify function once migrated", async () => {
    expect(await notifying()).toEqual({ triggers: [], functions: [] });
  });

  it("puts the triggers and functions back on down, and drops them again on up", async () => {
    await dropped.down(database.db);
    const restored = await notifying();
    expect(restored.functions).toEqual(["mlops_notify_change", "mlops_notify_truncate", "mlops_watch_table"]);
    expect(restored.triggers).toEqual(expect.arrayContaining(["answers", "ml_teams", "team_respondents"]));
    expect(restored.triggers).not.toContain("deliveries");
    await dropped.up(database.db);
    expect(await notifying()).toEqual({ triggers: [], functions: [] });
  });
});
