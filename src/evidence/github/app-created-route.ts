// GET /github/app-created on PORT: where GitHub sends the browser once it has created the bot's GitHub App from
// manifests/github-app.json (its redirect_url), with a one-hour `code`. The page shows the one command that turns
// the code into the App's credentials, and which settings take them. It stores and calls nothing, so it needs no
// GitHub settings yet (the bot has none until then) and is served whether evidence from GitHub is on or not.
import type { CustomRoute } from "@slack/bolt";
import { escapeHtml, htmlPage } from "../../slack/views/install-pages.js";

const GITHUB_APP_CREATED_PATH = "/github/app-created";

// GitHub's manifest codes are short strings of letters and digits; anything else did not come from GitHub.
const MANIFEST_CODE = /^[A-Za-z0-9_-]{1,100}$/;

export function githubAppCreatedRoute(): CustomRoute {
  return {
    path: GITHUB_APP_CREATED_PATH,
    method: ["GET"],
    handler: (req, res) => {
      const code = new URL(req.url ?? "/", "http://bot").searchParams.get("code");
      const { status, html } = appCreatedPage(code);
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(html);
    },
  };
}

function appCreatedPage(code: string | null): { status: number; html: string } {
  const title = "The GitHub App";
  if (code === null)
    return {
      status: 200,
      html: htmlPage(
        title,
        `<p>GitHub sends you here after it creates the bot's GitHub App from <code>manifests/github-app.json</code>, with a code in the address. This visit came without one: create the App as docs/evidence.md says.</p>`,
      ),
    };
  if (!MANIFEST_CODE.test(code))
    return {
      status: 400,
      html: htmlPage(
        title,
        "<p>That code is not one GitHub gives: create the App again from the manifest.</p>",
      ),
    };
  const command = `curl -X POST https://api.github.com/app-manifests/${code}/conversions`;
  return {
    status: 200,
    html: htmlPage(
      title,
      `<p>GitHub created the App. Within an hour, turn this code into the App's credentials (nothing has been stored here):</p>
<p><code>${escapeHtml(command)}</code></p>
<p>On GitHub Enterprise Server, use <code>https://YOUR-GHES-HOST/api/v3/app-manifests/${escapeHtml(code)}/conversions</code>.</p>
<p>The answer holds <code>id</code>, <code>pem</code> and <code>webhook_secret</code>: set them as <code>GITHUB_APP_ID</code>, <code>GITHUB_APP_PRIVATE_KEY</code> and <code>GITHUB_WEBHOOK_SECRET</code>, restart the bot, and install the App on the teams' repositories (docs/evidence.md).</p>`,
    ),
  };
}
