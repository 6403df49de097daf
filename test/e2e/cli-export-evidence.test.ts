// `npm run mlops -- export --kind evidence` as an operator runs it (in this process, as dist/cli.js runs it), on the
// suite's Postgres or an embedded database in a folder of the file's own; one row per signal, its columns a
// public contract, and no cell a spreadsheet would run as a formula.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkSubject, storeSignals } from "../../src/db/evidence.js";
import { fileSignal } from "../../src/evidence/github/signals.js";
import { cliDatabase } from "../support/cli.js";
import { runCliHere } from "../support/cli-here.js";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../support/database.js";
import { useScratchFolder } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";
import { deployment, workflowRun } from "../support/signals.js";

const folder = useScratchFolder("mlops-cli-export-evidence-");
let shared: TestDatabase | undefined;
const database = cliDatabase(
  () => shared,
  () => join(folder.path, "data"),
);
const mlops = (args: string[]) => runCliHere(args, { LOG_LEVEL: "warn", ...database.env() });
const HOUR = 3_600_000;
// The CLI reads the real clock: the signals happened hours before now.
const at = (hours: number) => new Date(Date.now() - hours * HOUR);

beforeAll(async () => {
  if (TEST_DATABASE_URL) shared = await createTestDatabase();
  await database.use(async (db) => {
    const id = await seedTeam(db, { teamId: "T1ACME", channelId: "CWEB", createdAt: "2026-01-01T00:00:00Z" });
    await linkSubject(db, {
      mlTeamId: id,
      teamId: "T1ACME",
      subjectKind: "repository",
      subject: "acme/web",
      linkedBy: "UADA",
    });
    const ci = {
      ...workflowRun({ event: "push" }),
      occurredAt: at(3),
      url: "https://github.com/acme/web/runs/1",
    };
    const manual = {
      ...deployment({ creatorType: "person" }),
      occurredAt: at(2),
      url: '=HYPERLINK("http://evil.example")',
    };
    const script = fileSignal(
      "acme/web",
      "score.py",
      "https://github.com/acme/web/blob/main/score.py",
      at(1),
    );
    // A check that found no score/ folder: no path, no link, no practice; not exported.
    const nothing = fileSignal("acme/web", "score/", null, at(1));
    await storeSignals(db, "T1ACME", [ci, manual, script, nothing]);
  });
}, 120_000);
afterAll(async () => shared?.close());

describe("export --kind evidence", () => {
  it("writes one CSV row per signal with the practice it stands behind, formulas neutralised", async () => {
    const run = await mlops(["export", "--kind", "evidence"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("workspace,channel,source,kind,criterion,verdict,occurred_at,url");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^T1ACME,CWEB,github,workflow_run,automated_builds,supports,[^,]+Z,https:\/\/github\.com\/acme\/web\/runs\/1$/,
      ),
      expect.stringMatching(
        /^T1ACME,CWEB,github,deployment,automated_app_releases,disputes,[^,]+Z,"'=HYPERLINK\(""http:\/\/evil\.example""\)"$/,
      ),
      expect.stringMatching(
        /^T1ACME,CWEB,github,file,scoring_script_versioned,supports,[^,]+Z,https:\/\/github\.com\/acme\/web\/blob\/main\/score\.py$/,
      ),
    ]);
  }, 120_000);

  it("writes the same rows as JSON Lines with --format json, cells as stored", async () => {
    const run = await mlops(["export", "--kind", "evidence", "--format", "json"]);
    expect(run.code).toBe(0);
    const rows = run.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.kind, r.criterion, r.verdict, r.url])).toEqual([
      ["workflow_run", "automated_builds", "supports", "https://github.com/acme/web/runs/1"],
      ["deployment", "automated_app_releases", "disputes", '=HYPERLINK("http://evil.example")'],
      ["file", "scoring_script_versioned", "supports", "https://github.com/acme/web/blob/main/score.py"],
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      "workspace",
      "channel",
      "source",
      "kind",
      "criterion",
      "verdict",
      "occurred_at",
      "url",
    ]);
  }, 120_000);

  it("names the kinds it knows when asked for another", async () => {
    const run = await mlops(["export", "--kind", "signals"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--kind "signals": use answers, levels or evidence.');
  }, 120_000);
});
