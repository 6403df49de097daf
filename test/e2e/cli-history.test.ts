// `npm run mlops -- export` and `import` as operators run them (each command in this process, as dist/cli.js
// runs it), on the suite's database (a real Postgres, or an embedded one).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CRITERION_IDS } from "../../src/domain/rubric.js";
import { useCliDatabase } from "../support/cli-database.js";
import { seedTeam } from "../support/seed.js";
import { TEST_SIGNING_SECRET } from "../support/signing.js";

const HEADER = `workspace_id,channel_id,round,user_id,role,${CRITERION_IDS.join(",")},note,confirmed_unchanged,na_reasons`;

// The database the CLI works on: the suite's Postgres, or an embedded one; files are written to the folder the
// commands run in.
const cli = useCliDatabase("mlops-history-");
const onDatabase = cli.use;

function mlops(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return cli.mlops(args, {
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    // Nothing may reach Slack: any call would fail against a closed port.
    SLACK_API_URL: "http://127.0.0.1:9/api/",
  });
}

const cells = (met: readonly string[]) => CRITERION_IDS.map((id) => (met.includes(id) ? "1" : "0")).join(",");
const LEVEL_1 = CRITERION_IDS.slice(0, 6);

beforeAll(async () => {
  await onDatabase((db) =>
    seedTeam(db, {
      channelId: "CTEAM",
      name: "Fraud",
      createdAt: "2026-01-01T00:00:00Z",
      respondents: ["UALICE"],
    }),
  );
}, 60_000);

describe("export and import", () => {
  const file = [
    HEADER,
    `T0,CTEAM,2026-01-05,UALICE,data_scientist,${cells([])},,0,`,
    `T0,CTEAM,2026-01-05,UBOB,,${cells([])},"first, ""rough"" guess",0,`,
    `T0,CTEAM,2026-01-12,UALICE,data_scientist,${cells(LEVEL_1)},"two\nlines",0,`,
    `T0,CTEAM,2026-01-12,UBOB,,${cells(LEVEL_1)},,1,`,
  ].join("\n");

  it("exports nothing but the header from an empty history", async () => {
    const run = await mlops("export");
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`${HEADER}\n`);
  });

  it("imports a file, says what it did, and exports the same rows back; twice changes nothing", async () => {
    await writeFile(join(cli.folder.path, "answers.csv"), `${file}\n`);
    const first = await mlops("import", "answers.csv");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      "Imported 4 answers (4 new, 0 replaced) for 1 team over 2 rounds; re-evaluated 2 closed rounds. Nothing was posted to Slack.",
    );
    expect((await mlops("export")).stdout).toBe(`${file}\n`);
    const again = await mlops("import", "answers.csv");
    expect(again.stdout).toContain("Imported 4 answers (0 new, 4 replaced)");
    expect((await mlops("export")).stdout).toBe(`${file}\n`);

    const levels = await mlops("export", "--kind", "levels");
    expect(levels.stdout.split("\n")).toEqual([
      "workspace_id,channel_id,team_name,round,level,next_prerequisite,respondents,answered,disputed,not_applicable,groups",
      "T0,CTEAM,Fraud,2026-01-05,0,automated_builds,2,2,,,",
      "T0,CTEAM,Fraud,2026-01-12,1,ds_de_collaboration,2,2,,,",
      "",
    ]);
    const json = await mlops("export", "--format", "json", "--since", "2026-01-12");
    const rows = json.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      round: "2026-01-12",
      user_id: "UALICE",
      automated_builds: 1,
      note: "two\nlines",
    });
  });

  it("imports nothing from a file with problems, naming each line and column", async () => {
    const bad = [
      HEADER,
      `T0,CTEAM,2026-01-19,UALICE,,${cells(LEVEL_1).replace(/^1/, "2")},,0,`,
      `T0,CNOWHERE,2026-01-19,UALICE,,${cells([])},,0,`,
      `T0,CTEAM,2026-01-20,UALICE,,${cells([])},,0,`,
      `T0,CTEAM,2099-01-05,UALICE,,${cells([])},,0,`,
      `T0,CTEAM,2026-01-19,bob,,${cells([])},,0,`,
    ].join("\n");
    await writeFile(join(cli.folder.path, "bad.csv"), bad);
    const run = await mlops("import", "bad.csv");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Nothing was imported: 5 problems in bad.csv.");
    expect(run.stderr).toContain(
      'line 2, column automated_builds: "2" is not 1 (in place), 0 (not in place) or na (not applicable)',
    );
    expect(run.stderr).toContain(
      "line 3, columns workspace_id and channel_id: no ML team is set up in channel CNOWHERE",
    );
    expect(run.stderr).toContain(
      'line 4, column round: 2026-01-20 is not the first day of one of "Fraud"\'s weekly rounds; that round started 2026-01-19',
    );
    expect(run.stderr).toContain("line 5, column round: 2099-01-05 is in the future");
    expect(run.stderr).toContain('line 6, column user_id: "bob" is not a Slack user id');
    expect((await mlops("export")).stdout).toBe(`${file}\n`);
  });

  it("refuses a file that is not UTF-8 at its first such line, and reads UTF-16 with its BOM", async () => {
    const latin1 = [
      HEADER,
      `T0,CTEAM,2026-01-19,UALICE,,${cells([])},fine,0,`,
      `T0,CTEAM,2026-01-19,UBOB,,${cells([])},"two\nlines",0,`,
      `T0,CTEAM,2026-01-26,UALICE,,${cells([])},café crème,0,`,
      `T0,CTEAM,2026-01-26,UBOB,,${cells([])},déjà vu,0,`,
    ].join("\n");
    // Excel's plain "CSV": é is one byte, 0xE9, which UTF-8 never uses on its own.
    await writeFile(join(cli.folder.path, "latin1.csv"), Buffer.from(latin1, "latin1"));
    const run = await mlops("import", "latin1.csv");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "Nothing was imported: 1 problem in latin1.csv.\n  line 5: the file is not UTF-8 text from here on (saved as Latin-1 or Windows-1252?); save it as CSV UTF-8 (in Excel: Save As › CSV UTF-8) and import it again\n",
    );
    expect((await mlops("export")).stdout).toBe(`${file}\n`);

    const utf16 = [HEADER, `T0,CTEAM,2026-01-19,UALICE,,${cells([])},"café, ""crème""",0,`].join("\r\n");
    await writeFile(
      join(cli.folder.path, "utf16.csv"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, "utf16le")]),
    );
    const read = await mlops("import", "utf16.csv");
    expect(read.stderr).toBe("");
    expect(read.code).toBe(0);
    const notes = (await mlops("export", "--format", "json", "--since", "2026-01-19")).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).note);
    expect(notes).toEqual(['café, "crème"']);
  });

  it("names a missing or unknown column on line 1", async () => {
    await writeFile(
      join(cli.folder.path, "columns.csv"),
      `${HEADER.replace(",app_unit_tests", ",unit_tests")}\n`,
    );
    const run = await mlops("import", "columns.csv");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 1, column "unit_tests": unknown column');
    expect(run.stderr).toContain("line 1: missing column app_unit_tests");
  });

  // Last: its second workspace would show in the exports of the tests above.
  it("writes a note or team name a spreadsheet would run with an apostrophe in front, and imports it back as typed", async () => {
    await onDatabase((db) =>
      seedTeam(db, {
        teamId: "T1",
        channelId: "CPLUS",
        name: "+Growth",
        createdAt: "2026-01-01T00:00:00Z",
        respondents: ["UALICE"],
      }),
    );
    const exported = [
      HEADER,
      `T1,CPLUS,2026-01-05,UALICE,,${cells([])},"'=HYPERLINK(""http://x"")",0,`,
      `T1,CPLUS,2026-01-12,UALICE,,${cells([])},''-typed with an apostrophe,0,`,
    ].join("\n");
    await writeFile(join(cli.folder.path, "formulas.csv"), `${exported}\n`);
    expect((await mlops("import", "formulas.csv")).code).toBe(0);
    const scope = ["--workspace", "T1"];
    expect((await mlops("export", ...scope)).stdout).toBe(`${exported}\n`);
    const notes = (await mlops("export", ...scope, "--format", "json")).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).note);
    expect(notes).toEqual(['=HYPERLINK("http://x")', "'-typed with an apostrophe"]);
    const levels = (await mlops("export", ...scope, "--kind", "levels")).stdout.split("\n");
    expect(levels[1]).toMatch(/^T1,CPLUS,'\+Growth,2026-01-05,/);
  });

  it.each([
    [["export", "--kind", "everything"], '--kind "everything": use answers, levels or evidence.'],
    [["export", "--since", "2026-02-30"], '--since "2026-02-30" is not a date'],
    [["import"], "`import` needs the CSV file to read"],
    [["import", "missing.csv"], 'Cannot read "missing.csv"'],
    [["import", "."], '"." is a directory: give the CSV file to read'],
    [["import", "a.csv", "b.csv"], '`import` takes one argument, not "b.csv"'],
  ])("refuses %j as a usage error (exit 2)", async (args, message) => {
    const run = await mlops(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
