// The "Done means", as a new user would try it: a team set up in Slack, twelve past weekly rounds
// imported from a spreadsheet, then /mlops history, the export, a bad file, and the next Monday's digest.
// On Postgres the import and export run as the CLI processes operators use, beside the running bot; the
// embedded database belongs to the bot's process, so there they run in it, through the same services.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/calendar.js";
import { CRITERION_IDS, type CriterionId } from "../../src/domain/rubric.js";
import { exportStream } from "../../src/services/export.js";
import { importAnswers } from "../../src/services/import.js";
import { useBot, useDatabase } from "../support/fixture.js";
import { checkIn, newTeam, type Where } from "../support/flows.js";
import { replyOf } from "../support/harness.js";
import { chartIn, visibleText } from "../support/messages.js";
import { ALICE, BOB } from "../support/payloads.js";
import { upTo } from "../support/rounds.js";
import { kinds, posts, tickAt } from "../support/scheduled.js";
import { LEVEL_2_CHECKED } from "../support/seed-levels.js";
import { TEST_SIGNING_SECRET } from "../support/signing.js";

const NOW = new Date("2026-03-25T12:00:00Z"); // Wednesday; the current round started Monday 23 March.
const database = useDatabase();
const bot = useBot({ database: () => database.handle, clock: () => NOW });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlops-done-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const LEVELS = [0, 0, 1, 1, 1, 2, 2, 1, 1, 2, 2, 2];
const REGRESSION = upTo(2).filter((id) => id !== "automated_training");
const ROUNDS = LEVELS.map((_, i) => addDays("2025-12-29", 7 * i));
const metAt = (i: number): readonly CriterionId[] =>
  i === 7 || i === 8 ? REGRESSION : upTo(LEVELS[i] as 0 | 1 | 2);
const HEADER = `workspace_id,channel_id,round,user_id,role,${CRITERION_IDS.join(",")},note,confirmed_unchanged,na_reasons`;

type Cell = (round: number, id: CriterionId, met: boolean) => string;

function csv(channelId: string, cell: Cell = (_i, _id, met) => (met ? "1" : "0")): string {
  const rows = ROUNDS.flatMap((round, i) =>
    [ALICE.userId, BOB.userId].map(
      (user) =>
        `T0,${channelId},${round},${user},,${CRITERION_IDS.map((id) => cell(i, id, metAt(i).includes(id))).join(",")},,0,`,
    ),
  );
  return `${[HEADER, ...rows].join("\n")}\n`;
}

/** `npm run mlops -- <args>` on Postgres; the same service in this process on the embedded database. */
async function mlops(
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const url = database.handle.url;
  if (!url) return inProcess(args, input);
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [resolve("dist/cli.js"), ...args],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? "",
          SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
          SLACK_BOT_TOKEN: "xoxb-test-token",
          SLACK_API_URL: bot.slack.apiUrl,
          DATABASE_URL: url,
        },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function inProcess(
  args: string[],
  input = "",
): Promise<{ code: number; stdout: string; stderr: string }> {
  const ctx = { db: bot.db, clock: () => NOW };
  if (args[0] === "export")
    return { code: 0, stdout: await text(exportStream(ctx, { kind: "answers", format: "csv" })), stderr: "" };
  const outcome = await importAnswers(ctx, Readable.from([input]));
  if (outcome.kind === "invalid") return { code: 1, stdout: "", stderr: outcome.problems.join("\n") };
  return {
    code: 0,
    stdout: `Imported ${outcome.answers} answers; re-evaluated ${outcome.reevaluated} closed rounds.`,
    stderr: "",
  };
}

async function importFile(name: string, content: string) {
  await writeFile(join(dir, name), content);
  return mlops(["import", name], content);
}

describe("Done means: history people can see", () => {
  let team: Where;

  it("imports twelve past rounds into a team set up in Slack, and history shows them", async () => {
    team = await newTeam(bot, "Fraud models", "done");
    const imported = await importFile("history.csv", csv(team.channelId));
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toContain("Imported 24 answers");
    expect(imported.stdout).toContain("re-evaluated 12 closed rounds");
    expect(bot.slack.callsTo("chat.postMessage")).toEqual([]);

    const reply = await replyOf(await bot.command("history", team));
    expect(chartIn(reply, "history:levels")).toMatchObject({ type: "line", series: { Level: LEVELS } });
    expect(chartIn(reply, "history:levels").categories[0]).toBe("29 Dec");
    const fallback = `Level ${LEVELS.join(" → ")} over 12 rounds`;
    expect(reply.text).toContain(fallback);
    const shown = visibleText(reply);
    expect(shown).toContain(`${fallback}.`);
    expect(shown).toContain("Mon 16 Feb: lost _Model training is automated_");
    expect(shown).toContain("Mon 2 Mar: gained _Model training is automated_");
    expect(shown).toContain("Mon 2 Feb: gained _Data scientists and data engineers work together directly_");
    expect(shown).toMatch(/\*Next level:\* (at your pace|no estimate|not enough history)/);
  });

  it("gives the imported rows back in the export", async () => {
    const exported = await mlops(["export"]);
    expect(exported.stdout).toBe(csv(team.channelId));
  });

  it("imports nothing from a file with one bad cell, and names its line", async () => {
    const bad = csv(team.channelId, (i, id, met) =>
      i === 3 && id === "app_unit_tests" ? "yes" : met ? "1" : "0",
    );
    const run = await importFile("bad.csv", bad.replace(/,$/gm, ",changed"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'lines 8–9 (2 rows), column app_unit_tests: "yes" is not 1 (in place), 0 (not in place) or na (not applicable)',
    );
    expect((await mlops(["export"])).stdout).toBe(csv(team.channelId));
  });

  it("carries the chart in the next Monday's team digest", async () => {
    await checkIn(bot, team, {
      people: "ds_de_collaboration",
      release: "tested_scoring_script",
      checked: LEVEL_2_CHECKED,
    });
    bot.slack.reset();
    await tickAt(bot.bot.deps, "2026-03-30T09:30:00Z");
    expect(kinds(bot.slack, team.channelId)).toContain("team_digest");
    const digest = posts(bot.slack, team.channelId).find((p) => visibleText(p.args).includes("MLOps digest"));
    const chart = chartIn(digest?.args ?? {}, "digest:levels");
    expect(chart.series.Level).toEqual([...LEVELS.slice(1), 2]);
    expect(String(digest?.args.text)).toContain(
      `Level ${[...LEVELS.slice(1), 2].join(" → ")} over 12 rounds`,
    );
  });
});
