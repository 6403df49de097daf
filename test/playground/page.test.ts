// The playground as a newcomer uses it, in a real browser (Debian's chromium, driven by playwright-core):
// /mlops status, a prompt's Check in button, the check-in modal submitted, a setup form refused inline, GitHub's
// CI webhook arriving as evidence, and the clock moved to Monday for the digest and its chart. A screenshot is kept under test-results/.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlayground, startPlayground } from "../../src/playground/start.js";
import { useScratchFolder, wallClockFrom } from "../support/fixture.js";
import { silentLogger } from "../support/logger.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = resolve("test-results/playground.png");
// The playground always keeps its own embedded database: one run is enough, the embedded one.
const onPostgresRun = Boolean(process.env.TEST_DATABASE_URL);
const missing = !existsSync(CHROMIUM) && !process.env.REQUIRE_BROWSER;

describe.skipIf(onPostgresRun || missing)("the playground page in a browser", () => {
  const scratch = useScratchFolder("mlops-playground-");
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    playground = await startPlayground({
      logger: silentLogger(),
      env: { PORT: "0", DATA_DIR: join(scratch.path, "data") },
      wall: wallClockFrom("2026-12-02T14:00:00Z"), // a Wednesday: the Monday digest is this round's
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    await page.goto(playground.url.replace("localhost", "127.0.0.1"));
  });
  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
  });

  const channel = (name: string) => page.getByRole("navigation").getByRole("button", { name: `# ${name}` });
  const messages = () => page.getByRole("region", { name: "Messages" });
  const dialog = () => page.getByRole("dialog");

  async function type(command: string): Promise<void> {
    await page.getByRole("textbox", { name: "Message" }).fill(command);
    await page.getByRole("textbox", { name: "Message" }).press("Enter");
  }

  it("says it is a local playground, and shows the demo teams' channels", async () => {
    await expect.poll(() => page.locator("#banner").textContent()).toContain("Local playground");
    for (const name of ["churn-model", "fraud-detection", "recommendations", "ml-leads"])
      expect(await channel(name).count()).toBe(1);
  });

  it("answers /mlops status in a team channel with its level and next prerequisite, to that person only", async () => {
    await channel("fraud-detection").click();
    await type("/mlops status");
    const answer = messages().locator("article.ephemeral").last();
    await expect.poll(() => answer.textContent(), { timeout: 10_000 }).toContain("Only visible to you");
    const shown = (await answer.textContent()) ?? "";
    expect(shown).toContain("/mlops status");
    expect(shown).toMatch(/Level 2/);
    expect(shown).toMatch(/next/i);
  });

  it("shows what someone typed as text, never as markup", async () => {
    await type('/mlops status <img src=x onerror="window.__xss=1">');
    const answer = messages().locator("article.ephemeral").last();
    await expect.poll(() => answer.textContent(), { timeout: 10_000 }).toContain("<img src=x");
    expect(await answer.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
  });

  it("opens the check-in modal from the prompt's button, and submits it", async () => {
    await channel("churn-model").click();
    const prompt = messages().locator("article", { hasText: "Time for Churn model" });
    await prompt.getByRole("button", { name: "Check in" }).click();
    await expect.poll(() => dialog().textContent(), { timeout: 10_000 }).toContain("MLOps check-in");
    await dialog().getByRole("button", { name: "Save answers" }).click();
    await expect.poll(() => dialog().isVisible(), { timeout: 10_000 }).toBe(false);
    await expect
      .poll(() => messages().locator("article.ephemeral").last().textContent(), { timeout: 10_000 })
      .toMatch(/Churn model/);
  });

  it("shows the bot's response_action errors on the field, and keeps what was typed", async () => {
    await type("/mlops setup");
    await expect.poll(() => dialog().textContent(), { timeout: 10_000 }).toContain("Edit ML team");
    const zone = dialog().getByRole("textbox", { name: "Time zone" });
    await zone.fill("Mars/Olympus");
    await dialog().getByRole("button", { name: "Save" }).click();
    await expect
      .poll(() => dialog().locator(".field-error").textContent(), { timeout: 10_000 })
      .toContain("is not a time zone I know");
    expect(await zone.inputValue()).toBe("Mars/Olympus");
    await dialog().getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog().isVisible()).toBe(false);
  });

  it("draws a multi-select as chips: one is added from the menu, one removed with ×, and the others stay", async () => {
    await channel("churn-model").click();
    await type("/mlops setup");
    await expect.poll(() => dialog().textContent(), { timeout: 10_000 }).toContain("Edit ML team");
    const field = dialog().locator('[data-input-block="setup:respondents"]');
    const chips = () => field.locator(".chip-label").allTextContents();
    expect(await chips()).toEqual(["Amara", "Bruno", "Chen"]);
    await dialog().getByLabel("Who answers the check-in?").selectOption({ label: "Eli" });
    expect(await chips()).toEqual(["Amara", "Bruno", "Chen", "Eli"]);
    await field.getByRole("button", { name: "Remove Bruno" }).click();
    expect(await chips()).toEqual(["Amara", "Chen", "Eli"]);
    await dialog().getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog().isVisible(), { timeout: 10_000 }).toBe(false);

    await type("/mlops setup");
    await expect.poll(() => dialog().textContent(), { timeout: 10_000 }).toContain("Edit ML team");
    await expect.poll(chips, { timeout: 10_000 }).toEqual(["Amara", "Chen", "Eli"]);
    await dialog().getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog().isVisible()).toBe(false);
  });

  it("shows an export as a file card whose link downloads the uploaded file", async () => {
    await channel("churn-model").click();
    await type("/mlops export");
    await page.getByRole("navigation").getByRole("button", { name: "MLOps bot" }).click();
    const card = messages().locator(".file-card").last();
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    const name = (await card.locator(".file-meta").textContent()) ?? "";
    expect(name).toMatch(/^mlops-answers-CCHURN-\d{4}-\d{2}-\d{2}\.csv · \d+(\.\d)? (KB|bytes)$/);
    expect(await messages().textContent()).not.toContain("📎");
    const link = card.getByRole("link", { name: "Download" });
    const downloaded = await page.request.get(
      new URL((await link.getAttribute("href")) ?? "", page.url()).href,
    );
    expect(downloaded.status()).toBe(200);
    expect(downloaded.headers()["content-disposition"]).toContain(name.split(" · ")[0]);
    expect((await downloaded.text()).split("\n")[0]).toMatch(/^workspace_id,channel_id,round,user_id/);
  });

  it("sends GitHub's CI webhook from its button: /mlops status then shows the build evidence with its link", async () => {
    await channel("churn-model").click();
    await page.getByRole("button", { name: "CI run passed" }).click();
    await expect
      .poll(() => page.locator("#notice").textContent(), { timeout: 10_000 })
      .toMatch(
        /the CI workflow passed on a push to main of demo-org\/churn-model\. The bot answered 200: 1 signal stored\./,
      );
    await type("/mlops status");
    const answer = messages().locator("article.ephemeral").last();
    await expect
      .poll(() => answer.textContent(), { timeout: 10_000 })
      .toContain("GitHub supports it: 1 CI run on push in 28 days, last just now (in demo-org/churn-model)");
    const links = answer.getByRole("link", { name: "view" });
    const hrefs = await links.evaluateAll((all) => all.map((a) => a.getAttribute("href")));
    // demo-org is the stand-in's: the link opens the playground's page on where it leads, not GitHub's 404.
    expect(hrefs).toContainEqual(
      expect.stringMatching(
        /^\/playground\/stand-in\?to=https%3A%2F%2Fgithub\.com%2Fdemo-org%2Fchurn-model%2Factions%2Fruns%2F\d+$/,
      ),
    );
    // So is the MLflow registry the demo team's model versions come from.
    expect(hrefs).toContainEqual(
      expect.stringMatching(
        /^\/playground\/stand-in\?to=http%3A%2F%2F127\.0\.0\.1%3A\d+%2F%23%2Fmodels%2Fchurn-classifier%2F/,
      ),
    );
    const [opened] = await Promise.all([page.waitForEvent("popup"), links.first().click()]);
    await opened.waitForLoadState();
    const text = (await opened.locator("body").textContent()) ?? "";
    expect(text).toMatch(
      /In Slack, this link opens https:\/\/github\.com\/demo-org\/churn-model\/actions\/runs\/\d+\./,
    );
    expect(text).toContain("The playground's GitHub is a stand-in that lives inside it");
    await opened.close();
    // The App's install link, for a repository it is not installed on, opens a page that says what to link.
    await type("/mlops link github demo-org/elsewhere");
    const refused = messages().locator("article.ephemeral").last();
    await expect.poll(() => refused.textContent(), { timeout: 10_000 }).toContain("is not installed on");
    const install = await refused.getByRole("link", { name: "install the App" }).getAttribute("href");
    expect(install).toMatch(/^\/playground\/stand-in\?to=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fgithub-apps%2F/);
  });

  it("says in a sentence that the clock does not move back, and logs no error in the console", async () => {
    await page.locator("#clock-to").fill("2020-01-06T09:00");
    await page.locator("#clock-go").click();
    await expect
      .poll(() => page.locator("#notice").textContent())
      .toMatch(/^The clock only moves forward\. Choose a time after .+\.$/);
    expect(consoleErrors).toEqual([]);
  });

  it("moves the clock to Monday: the team digest arrives with its chart, and a screenshot is kept", async () => {
    await page.getByRole("button", { name: "Monday digest" }).click();
    await expect
      .poll(() => page.locator("#notice").textContent(), { timeout: 20_000 })
      .toMatch(/team digest/);
    expect(await page.locator("#now").textContent()).toMatch(/^Mon, .*09:00 UTC$/);
    await channel("churn-model").click();
    const digest = messages()
      .locator("article", { has: page.locator("figure.chart") })
      .last();
    await expect.poll(() => digest.count(), { timeout: 10_000 }).toBe(1);
    expect(await digest.locator("svg polyline").count()).toBeGreaterThan(0);
    expect(await digest.textContent()).toMatch(/Churn model/);
    await mkdir(resolve("test-results"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`playground screenshot: ${SCREENSHOT}`);
  });
});
