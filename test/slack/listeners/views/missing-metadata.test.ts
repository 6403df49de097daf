// A view_submission without private_metadata is a real shape (bolt-python's tests send one): it used to crash
// the setup listener ("something went wrong"). Every modal listener now answers under the form's first field
// that the form is out of date and must be opened again, and changes nothing.
import { describe, expect, it } from "vitest";
import { CHECKIN_CALLBACK, SETUP_CALLBACK } from "../../../../src/slack/ids.js";
import { useBot } from "../../../support/fixture.js";
import { FORM } from "../../../support/harness.js";
import { viewSubmission } from "../../../support/payloads.js";
import { everyRow } from "../../../support/rows.js";

const bot = useBot();

describe("a modal submitted without private_metadata", () => {
  it.each([
    ["the setup form", SETUP_CALLBACK, "setup:name"],
    ["the check-in", CHECKIN_CALLBACK, "ladder:people"],
  ])("%s says it is out of date and changes nothing", async (_what, callbackId, field) => {
    const submission = viewSubmission(callbackId, {}, { blocks: [{ type: "input", block_id: field }] });
    const { private_metadata: _gone, ...view } = submission.view;
    const rowsBefore = JSON.stringify(await everyRow(bot.db));
    const body = new URLSearchParams({ payload: JSON.stringify({ ...submission, view }) }).toString();
    const res = await bot.post(body, FORM);
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { response_action?: string; errors?: Record<string, string> };
    expect(reply.response_action).toBe("errors");
    expect(reply.errors?.[field]).toMatch(/out of date/);
    expect(JSON.stringify(reply)).not.toMatch(/went wrong/i);
    expect(JSON.stringify(await everyRow(bot.db))).toBe(rowsBefore);
  });
});
