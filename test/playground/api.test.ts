// The playground's own API, without a browser: the clock, the GitHub buttons, the reset button, and what it
// refuses.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlayground, startPlayground } from "../../src/playground/start.js";
import { useScratchFolder, wallClockFrom } from "../support/fixture.js";
import { silentLogger } from "../support/logger.js";
import { blockIds, visibleText } from "../support/messages.js";

// The playground always keeps its own embedded database: the embedded run is enough.
const onPostgresRun = Boolean(process.env.TEST_DATABASE_URL);
const scratch = useScratchFolder("mlops-playground-api-");
let playground: RunningPlayground;
// A Wednesday afternoon that runs on in real time: no run of the suite crosses into a new round.
const wall = wallClockFrom("2026-12-02T14:00:00Z");
const start = (dir = "d", clock = wall) =>
  startPlayground({
    logger: silentLogger(),
    // A test sends commands far faster than a person: the limits are tested on their own (test/slack/rate-limit.test.ts).
    env: { PORT: "0", DATA_DIR: join(scratch.path, dir), RATE_LIMITS: "off" },
    wall: clock,
  });
const base = (p = playground) => `http://127.0.0.1:${p.port}/playground/api`;

beforeAll(async () => {
  playground = await start();
});
afterAll(() => playground?.stop());

const call = (name: string, body: object = {}) =>
  fetch(`${base()}/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: "UAMARA", ...body }),
  });

interface Block {
  block_id?: string;
  elements?: { type: string; options?: { text: { text: string }; value: string }[] }[];
}

interface State {
  now: string;
  messages: Record<
    string,
    {
      ts: string;
      text: string;
      blocks?: unknown;
      ephemeral: boolean;
      command?: string;
      file?: { name: string; size: string; url: string };
    }[]
  >;
}
const state = async (p = playground): Promise<State> =>
  (await fetch(`${base(p)}/state?user=UAMARA`)).json() as Promise<State>;
const prompted = (s: State, channel: string) =>
  s.messages[channel]?.filter((m) => /Time for .* check-in/.test(m.text)) ?? [];

/** `/mlops <text>` in the channel, and the reply only that person sees. */
async function reply(channel: string, text: string, p = playground) {
  const before = (await state(p)).messages[channel]?.length ?? 0;
  const sent = await fetch(`${base(p)}/command`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: "UAMARA", channel, text }),
  });
  const answer = (await state(p)).messages[channel]
    ?.slice(before)
    .find((m) => m.ephemeral && m.command === `/mlops ${text}`);
  if (!answer)
    throw new Error(`no reply to /mlops ${text} in ${channel}; the playground said ${await sent.text()}`);
  return { ids: blockIds(answer), text: visibleText({ text: answer.text, blocks: answer.blocks }) };
}

/** One of the page's GitHub buttons in a channel: the notice the page shows, or the refusal. */
async function github(kind: string, channel: string, p = playground) {
  const res = await fetch(`${base(p)}/github`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: "UAMARA", kind, channel }),
  });
  const body = (await res.json()) as { result?: string; error?: string };
  return { status: res.status, notice: body.result ?? body.error ?? "" };
}

describe.skipIf(onPostgresRun)("the playground's API", () => {
  it("starts with the demo: every team channel has this round's prompt", async () => {
    const s = await state();
    for (const channel of ["CCHURN", "CFRAUD", "CRECS", "CSEARCH", "CFORECAST"])
      expect(prompted(s, channel)).toHaveLength(1);
  });

  it("started on a Monday before this round's 10:00 prompt, starts at the prompt so the demo opens the same", async () => {
    const early = await start("monday", wallClockFrom("2026-12-07T00:10:00Z"));
    try {
      const s = await state(early);
      expect(s.now.slice(0, 16)).toBe("2026-12-07T10:00");
      for (const channel of ["CCHURN", "CFRAUD", "CRECS", "CSEARCH", "CFORECAST"])
        expect(prompted(s, channel)).toHaveLength(1);
    } finally {
      await early.stop();
    }
  });

  it("sends #channel in a command as Slack does with should_escape, so /mlops status #other names that team", async () => {
    await call("command", { channel: "CCHURN", text: "status #forecasting" });
    const answer = (await state()).messages.CCHURN?.filter((m) => m.ephemeral).at(-1);
    expect(answer?.text).toContain("Demand forecasting"); // the channel is #forecasting: no team has that name
  });

  it("sends a typed & as Slack does, &amp;, and the bot keeps the name as typed", async () => {
    await reply("CCHURN", "group create R&D");
    // Slack draws &amp; in mrkdwn as "&": the list shows R&D, not R&amp;D.
    expect((await reply("CCHURN", "group list")).text).toContain("• *R&amp;D*: 0 teams");
  });

  it("opens the Home tab as app_home_opened: the bot publishes it for that person", async () => {
    expect((await call("home")).status).toBe(200);
    await expect
      .poll(async () => JSON.stringify(((await state()) as unknown as { home: unknown }).home), {
        timeout: 5_000,
      })
      .toContain("Your ML teams");
  });

  it("works the Home's group menu as Slack does: picking a group narrows the admin overview to it", async () => {
    await reply("CCHURN", "group create Core");
    await reply("CCHURN", "group add Core <#CCHURN|churn> <#CFRAUD|fraud>");
    await call("home");
    const home = async () =>
      (await state()) as unknown as { home: { id: string; view: { blocks: Block[] } } };
    await expect
      .poll(async () => visibleText((await home()).home.view), { timeout: 5_000 })
      .toContain("Group Core");
    const { id, view } = (await home()).home;
    const blockIndex = view.blocks.findIndex((b) => b.block_id === "home:group-filter");
    const menu = view.blocks[blockIndex]?.elements?.[0];
    const core = menu?.options?.find((o) => o.text.text === "Group Core");
    expect(menu?.type).toBe("static_select");
    const picked = await call("action", {
      viewId: id,
      blockIndex,
      actionId: "home_group_filter",
      selected: core?.value,
    });
    expect(picked.status).toBe(200);
    await expect
      .poll(async () => visibleText((await home()).home.view), { timeout: 5_000 })
      .toContain("*2 ML teams* in group *Core*");
    const gone = await call("action", {
      viewId: id,
      blockIndex,
      actionId: "home_group_filter",
      selected: "999999",
    });
    expect(gone.status).toBe(400);
  });

  it("moves the clock forward only, running the tick there", async () => {
    const before = new Date((await state()).now);
    const moved = await call("clock", { jump: "day" });
    expect(moved.status).toBe(200);
    const { result } = (await moved.json()) as { result: { now: string } };
    expect(new Date(result.now).getTime() - before.getTime()).toBeGreaterThanOrEqual(86_400_000);
    const back = await call("clock", { to: before.toISOString() });
    expect(back.status).toBe(400);
    expect(((await back.json()) as { error: string }).error).toBe(
      "The clock only moves forward. Choose a time after the one shown.",
    );
  });

  it("links every demo team to its demo repository, as /mlops link would", async () => {
    const churn = await reply("CCHURN", "evidence");
    expect(churn.text).toContain("demo-org/churn-model");
    const forecasting = await reply("CFORECAST", "evidence");
    expect(forecasting.text).toContain("demo-org/demand-forecasting");
  });

  it("reads the demo experiment from the stand-in MLflow: runs from notebooks dispute automated training until a scheduled training run arrives", async () => {
    const before = await reply("CCHURN", "status");
    expect(before.ids).toContain("evidence:experiment_tracking:supports");
    expect(before.ids).toContain("evidence:automated_training:disputes");
    expect(before.text).toMatch(
      // Churn model does not claim experiment tracking (level 1): the runs show it is in place after all.
      /MLflow shows it in place: 4 MLflow runs in 28 days, last \d d ago \(in churn-model-training\)/,
    );
    await github("training", "CCHURN");
    expect((await reply("CCHURN", "status")).ids).toContain("evidence:automated_training:supports");
  });

  it("reads the demo teams' registered models from the stand-in MLflow: their versions show as model versioning in status and evidence", async () => {
    const churn = await reply("CCHURN", "status");
    expect(churn.ids).toContain("evidence:model_versioning:supports");
    expect(churn.text).toMatch(
      // Churn model (level 1) does not claim model versioning: the registry shows it is in place.
      /MLflow shows it in place: 3 model versions registered \(latest: version 3\) in 28 days, last \d d ago \(in churn-classifier\)/,
    );
    const fraud = await reply("CFRAUD", "evidence");
    expect(fraud.text).toContain("MLflow registered model `fraud-scorer`");
    expect(fraud.text).toMatch(
      /:mag: MLflow shows it in place: 2 model versions registered \(latest: version 2\)/,
    );
  });

  it("sends a passed CI run to the bot's /github/webhooks, signed: /mlops status then shows the build evidence with a link", async () => {
    const sent = await github("ci", "CSEARCH");
    expect(sent.status).toBe(200);
    expect(sent.notice).toMatch(
      /^Sent GitHub's workflow_run webhook, signed, to the bot's \/github\/webhooks: the CI workflow passed on a push to main of demo-org\/search-ranking\. The bot answered 200: 1 signal stored\./,
    );
    const status = await reply("CSEARCH", "status");
    expect(status.ids).toContain("evidence:automated_builds:supports");
    expect(status.text).toMatch(
      // Search ranking (level 0) does not claim automated builds: the run shows it in place.
      /GitHub shows it in place: 1 CI run on push in 28 days, last just now \(in demo-org\/search-ranking\)/,
    );
    expect(status.text).toMatch(
      /<https:\/\/github\.com\/demo-org\/search-ranking\/actions\/runs\/\d+\|view>/,
    );
  });

  it("sends a deployment a person made: a team that says releases are automated sees the dispute", async () => {
    expect((await reply("CCHURN", "status")).ids).not.toContain("evidence:automated_app_releases:disputes");
    const sent = await github("deploy", "CCHURN");
    expect(sent.notice).toContain(
      "amara deployed demo-org/churn-model to production by hand, and it succeeded",
    );
    expect(sent.notice).toContain("The bot answered 200: 1 signal stored.");
    const status = await reply("CCHURN", "status");
    expect(status.ids).toContain("evidence:automated_app_releases:disputes");
    expect(status.text).toContain("Application releases are automated* (the team says in place)");
  });

  it("deploys to the environment the team's link names (--deploy-environment)", async () => {
    expect((await github("deploy", "CFORECAST")).notice).toContain(
      "deployed demo-org/demand-forecasting to prod by hand",
    );
    expect((await reply("CFORECAST", "status")).ids).toContain("evidence:automated_app_releases:disputes");
  });

  it("sends a manual deploy of a repository linked with --model: the model release is disputed too", async () => {
    await github("deploy", "CFRAUD");
    expect((await reply("CFRAUD", "status")).ids).toContain("evidence:cicd_model_release:disputes");
  });

  it("sends a scheduled run of the team's training workflow: automated training is supported", async () => {
    const sent = await github("training", "CRECS");
    expect(sent.notice).toContain(
      ".github/workflows/retrain.yml ran on its schedule in demo-org/recommendations",
    );
    expect((await reply("CRECS", "status")).ids).toContain("evidence:automated_training:supports");
  });

  it("says when the team's link names no training workflow, and sends the run anyway", async () => {
    const sent = await github("training", "CSEARCH");
    expect(sent.status).toBe(200);
    expect(sent.notice).toContain("the team's link names no training workflow, so no practice counts it");
    expect((await reply("CSEARCH", "status")).ids).not.toContain("evidence:automated_training:supports");
  });

  it("refuses a GitHub button outside a team's channel, in a sentence", async () => {
    const sent = await github("ci", "CMLLEADS");
    expect(sent.status).toBe(400);
    expect(sent.notice).toBe(
      "This conversation is not an ML team's channel: open one (such as #churn-model), then click again.",
    );
    expect((await github("merge", "CCHURN")).status).toBe(400);
  });

  it("stamps a delivery with the playground's clock, so it counts as recent after the clock moved on", async () => {
    const now = new Date((await state()).now);
    expect(
      (await call("clock", { to: new Date(now.getTime() + 35 * 86_400_000).toISOString() })).status,
    ).toBe(200);
    expect((await reply("CSEARCH", "status")).ids).not.toContain("evidence:automated_builds:supports");
    await github("ci", "CSEARCH");
    expect((await reply("CSEARCH", "status")).ids).toContain("evidence:automated_builds:supports");
  });

  it("opens a stand-in's link on a page that says where it leads in Slack, the address escaped", async () => {
    const to = "http://127.0.0.1:4000/#/models/churn-classifier/versions/3?<script>";
    const res = await fetch(
      `http://127.0.0.1:${playground.port}/playground/stand-in?to=${encodeURIComponent(to)}`,
    );
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(
      "In Slack, this link opens <code>http://127.0.0.1:4000/#/models/churn-classifier/versions/3?&#60;script&#62;</code>.",
    );
    expect(html).toContain("The playground's MLflow is a stand-in that lives inside it");
    expect(html).not.toContain("<script>");
    expect(html).toContain('<a href="/">Back to the playground</a>');
    const other = await fetch(`http://127.0.0.1:${playground.port}/playground/stand-in?to=`);
    expect(await other.text()).toContain("This page explains the playground's links to GitHub and MLflow");
    // The App's install link, in the reply to linking a repository it is not installed on.
    const install = "http://127.0.0.1:4001/github-apps/mlops-maturity-evidence/installations/new";
    const installPage = await fetch(
      `http://127.0.0.1:${playground.port}/playground/stand-in?to=${encodeURIComponent(install)}`,
    );
    expect(await installPage.text()).toContain(
      "its App is installed on\nthe demo teams' repositories only (such as <code>demo-org/churn-model</code>): link one of those.",
    );
  });

  it("refuses a request that is not JSON, as another site's form would send", async () => {
    const res = await fetch(`${base()}/reset`, { method: "POST", body: "user=UAMARA" });
    expect(res.status).toBe(415);
  });

  it("starts over on reset: the clock is back to now and only the demo's messages are there", async () => {
    await call("command", { channel: "CCHURN", text: "help" });
    expect((await state()).messages.CCHURN?.some((m) => m.ephemeral)).toBe(true);
    expect((await call("reset")).status).toBe(200);
    const s = await state();
    expect(Math.abs(new Date(s.now).getTime() - wall())).toBeLessThan(60_000);
    expect(s.messages.CCHURN?.some((m) => m.ephemeral)).toBe(false);
    expect(prompted(s, "CCHURN")).toHaveLength(1);
  });

  it("starts over with the demo's links on reset, and without the deliveries sent before", async () => {
    await github("deploy", "CCHURN");
    expect((await reply("CCHURN", "status")).ids).toContain("evidence:automated_app_releases:disputes");
    expect((await call("reset")).status).toBe(200);
    expect((await reply("CCHURN", "status")).ids).not.toContain("evidence:automated_app_releases:disputes");
    expect((await reply("CCHURN", "evidence")).text).toContain("demo-org/churn-model");
  });

  it("stamps new messages by the clock again after a reset that follows a jump", async () => {
    await call("clock", { jump: "day" });
    expect((await call("reset")).status).toBe(200);
    const [prompt] = prompted(await state(), "CCHURN");
    expect(Number(prompt?.ts) * 1000).toBeLessThan(wall() + 60_000);
  });

  it("delivers /mlops export as a file shared in the person's direct message", async () => {
    await reply("CCHURN", "export");
    await expect
      .poll(
        async () =>
          (await state()).messages.DUAMARA?.flatMap((m) =>
            m.file ? [`${m.file.name}, ${m.file.size}, ${m.file.url}`] : [],
          ).join("\n") ?? "",
        { timeout: 10_000 },
      )
      .toMatch(/mlops-answers-CCHURN-[\d-]+\.csv, [\d.]+ (bytes|KB), \/playground\/files\/F\w+/);
  });

  it("after a restart shows what was there, with the clock where it was left", async () => {
    await call("command", { channel: "CFRAUD", text: "help" });
    await call("clock", { jump: "hour" });
    const before = await state();
    await playground.stop();
    playground = await start();
    const after = await state();
    expect(after.messages).toEqual(before.messages);
    const drift = new Date(after.now).getTime() - new Date(before.now).getTime();
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(60_000);
  });

  it("after a restart still sends GitHub's deliveries, signed with the secret the bot now has", async () => {
    const sent = await github("ci", "CCHURN");
    expect(sent.notice).toContain("The bot answered 200: 1 signal stored.");
    expect((await reply("CCHURN", "status")).ids).toContain("evidence:automated_builds:supports");
  });
});
