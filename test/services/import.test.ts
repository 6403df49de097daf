// What the import says about a file it refuses, as the CLI prints it: one line per kind of problem with
// the lines it is on, a file separated by semicolons named as such, an unclosed quote at the row it opened.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ANSWER_COLUMNS } from "../../src/domain/export-columns.js";
import { CRITERION_IDS } from "../../src/domain/rubric.js";
import { importAnswers } from "../../src/services/import.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

const NOW = new Date("2026-03-25T12:00:00Z");
const database = useDatabase({
  setup: (db) => seedTeam(db, { channelId: "CHERE", createdAt: "2025-12-01T00:00:00Z" }),
});
const HEADER = ANSWER_COLUMNS.map((c) => c.name);

function row(channel: string, user: string, round = "2026-03-02"): string[] {
  return ["T0", channel, round, user, "", ...CRITERION_IDS.map(() => "0"), "", "0", ""];
}

async function refused(lines: readonly (readonly string[])[], separator = ",") {
  const file = `${lines.map((cells) => cells.join(separator)).join("\n")}\n`;
  const outcome = await importAnswers({ db: database.db, clock: () => NOW }, Readable.from([file]));
  if (outcome.kind !== "invalid") throw new Error("the file was imported");
  return outcome;
}

describe("a refused import", () => {
  it("groups identical problems into one line with their count and line ranges", async () => {
    const rows = Array.from({ length: 190 }, (_, i) => row("CGONE", `U${i}`));
    rows[60] = row("CHERE", "U60"); // line 62 is fine, so the lines form two ranges
    const outcome = await refused([HEADER, ...rows]);
    expect(outcome.total).toBe(189);
    expect(outcome.problems).toEqual([
      "lines 2–61, 63–191 (189 rows), columns workspace_id and channel_id: no ML team is set up in channel CGONE of workspace T0; run /mlops setup in that channel first",
    ]);
  });

  it("keeps different problems apart, each with its own lines", async () => {
    const late = row("CHERE", "UA", "2026-03-30");
    const outcome = await refused([HEADER, row("CGONE", "UA"), late, row("CGONE", "UB"), late]);
    expect(outcome.problems).toEqual([
      "lines 2, 4 (2 rows), columns workspace_id and channel_id: no ML team is set up in channel CGONE of workspace T0; run /mlops setup in that channel first",
      "lines 3, 5 (2 rows), column round: 2026-03-30 is in the future; the team's current round started 2026-03-23",
    ]);
  });

  it("names the line a row starts on when a note before it, or its own, spans several lines", async () => {
    const noted = (user: string, channel = "CHERE") => {
      const cells = row(channel, user);
      cells[cells.length - 3] = '"first line\nsecond line\nthird line"';
      return cells;
    };
    // UA's note takes lines 2–4, UB line 5, UC line 6; UD, whose team is missing too, starts on line 7.
    const rows = [noted("UA"), row("CGONE", "UB"), row("CHERE", "UC"), noted("UD", "CGONE")];
    const outcome = await refused([HEADER, ...rows]);
    expect(outcome.problems).toEqual([
      "lines 5, 7 (2 rows), columns workspace_id and channel_id: no ML team is set up in channel CGONE of workspace T0; run /mlops setup in that channel first",
    ]);
  });

  it("says a file separated by semicolons uses ';', instead of echoing its header", async () => {
    const outcome = await refused([HEADER, row("CHERE", "UA")], ";");
    expect(outcome.problems).toEqual(["line 1: this file uses ';' — export it with commas"]);
  });

  it("names the line where an unclosed quote opened, in our words", async () => {
    const open = row("CHERE", "UB");
    open[open.length - 3] = '"the quote opens here';
    const outcome = await refused([HEADER, row("CHERE", "UA"), open, row("CHERE", "UC"), row("CHERE", "UD")]);
    expect(outcome.problems).toEqual([
      'line 3: a quote (") opens a cell here and is never closed, so the rest of the file reads as one cell; close it, or write a quote inside a cell as ""',
    ]);
    expect(outcome.problems.join("\n")).not.toContain("Quote Not Closed");
  });
});
