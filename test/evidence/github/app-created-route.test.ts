// GET /github/app-created, the manifest's redirect_url, through the running bot: it has no GitHub settings yet
// when GitHub sends the browser there, so the page must be served without them.
import { describe, expect, it } from "vitest";
import { useBot } from "../../support/fixture.js";

const bot = useBot();

/** The page as a person reads it: tags dropped, entities read. */
async function pageText(query: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${bot.url}/github/app-created${query}`);
  const html = await res.text();
  const text = html
    .replace(/<style>[\s\S]*<\/style>/, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, " ");
  return { status: res.status, text };
}

describe("the page GitHub returns to after creating the App", () => {
  it("shows the command that turns the code into the App's credentials, and the settings that take them", async () => {
    const page = await pageText("?code=5f1e9c0a2b7d&state=mlops");
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      "GitHub created the App. Within an hour, turn this code into the App's credentials (nothing has been stored here): curl -X POST https://api.github.com/app-manifests/5f1e9c0a2b7d/conversions",
    );
    expect(page.text).toContain(
      "set them as GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_WEBHOOK_SECRET",
    );
  });

  it("says what the page is for when the visit has no code, and refuses a code GitHub would not give", async () => {
    expect((await pageText("")).text).toContain("This visit came without one");
    const forged = await pageText(`?code=${encodeURIComponent("<script>alert(1)</script>")}`);
    expect(forged.status).toBe(400);
    expect(forged.text).toContain("That code is not one GitHub gives");
    expect(forged.text).not.toContain("alert");
  });
});
