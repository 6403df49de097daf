// SIGTERM with exports under way and waiting (issue 22 item 2): the built bot finishes the uploads it has
// begun, tells each person still waiting that their export did not run, and exits 0 inside its 10 s.
import { describe, expect, it } from "vitest";
import { botEnv, startBotProcess } from "../support/bot-process.js";
import { useFakeSlack, useScratchFolder } from "../support/fixture.js";
import { FORM } from "../support/harness.js";
import { type Actor, slashCommand } from "../support/payloads.js";
import { signedHeaders } from "../support/signing.js";

const slack = useFakeSlack();
const scratch = useScratchFolder("mlops-export-stop-");
const ADMINS: Actor[] = Array.from({ length: 5 }, (_, i) => ({ teamId: "T0", userId: `UADMIN${i}` }));

describe("stopping the bot with exports queued", () => {
  it("finishes the uploads under way, hands back the waiting ones by their response_url, and exits 0", async () => {
    for (const { userId } of ADMINS) slack.users.set(userId, { id: userId, tz: "UTC", is_admin: true });
    // Slack takes each upload's last step 2 s late: two are under way at once, the others wait their turn.
    slack.afterAccepting((c) => (c.method === "files.completeUploadExternal" ? 2_000 : undefined));
    const bot = await startBotProcess({
      cwd: scratch.path,
      env: botEnv(slack, scratch.path),
    });
    let exit: number | null = -1;
    const texts: string[] = [];
    try {
      for (const [i, actor] of ADMINS.entries()) {
        const fields = slashCommand("export all", { actor, responseUrl: slack.responseUrl(`person${i}`) });
        const body = new URLSearchParams(fields as Record<string, string>).toString();
        const res = await fetch(`${bot.url}/slack/events`, {
          method: "POST",
          body,
          headers: signedHeaders(body, FORM),
        });
        texts.push(((await res.json()) as { text: string }).text);
      }
      await slack.waitFor(() => slack.callsTo("files.completeUploadExternal").length === 2);
    } finally {
      const started = Date.now();
      exit = await bot.stop("SIGTERM");
      expect(Date.now() - started).toBeLessThan(10_000);
    }
    expect(exit).toBe(0);
    expect(texts.slice(0, 2).every((t) => t.includes("Preparing the answers of every team"))).toBe(true);
    expect(texts.slice(2).every((t) => t.includes("is queued behind"))).toBe(true);
    const delivered = [...slack.files.values()].filter((f) => f.content !== undefined).map((f) => f.channel);
    expect(delivered.sort()).toEqual(["DUADMIN0", "DUADMIN1"]);
    const handedBack = slack.responses.map((r) => [r.path.split("/")[4], String(r.body.text)]);
    expect(handedBack.sort()).toEqual(
      ["person2", "person3", "person4"].map((p) => [
        p,
        ":warning: Your export of the answers of every team of this workspace did not run: the bot restarted before it could be uploaded. Nothing was sent; please run `/mlops export` again in a minute.",
      ]),
    );
    expect(bot.output()).not.toContain('"level":50');
  });
});
