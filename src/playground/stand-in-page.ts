// The page a stand-in's link opens. The playground's GitHub organisation (demo-org) and MLflow tracking server
// answer the bot's API calls but have no pages: their links in messages come here, not to GitHub's 404 or to a
// port the last run of the playground had, and say where the link leads in a real installation.
import { escapeHtml, htmlPage } from "../slack/views/install-pages.js";

/** What the page renders these links as (playground/mrkdwn.js): the address of this page, with `to`. */
export const STAND_IN_PATH = "/playground/stand-in";

export function standInPage(to: string): string {
  const github = to.startsWith("https://github.com/");
  const source = github ? "GitHub" : "MLflow";
  const real = github ? "a GitHub App of your own" : "your MLflow tracking server";
  const names = github ? "the run or deployment" : "the run or model version";
  return htmlPage(
    `A link to ${source}`,
    `<p>In Slack, this link opens <code>${escapeHtml(to)}</code>.</p>
<p>The playground's ${source} is a stand-in that lives inside it: it answers the bot's calls as ${source} would,
but has no pages to show. Once the bot is connected to ${real} (docs/evidence.md), the link opens ${names}
it names.</p>`,
  );
}
