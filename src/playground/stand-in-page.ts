// The page a stand-in's link opens. The playground's GitHub organisation (demo-org) and MLflow tracking server
// answer the bot's API calls but have no pages: their links in messages come here, not to GitHub's 404 or to a
// port the last run of the playground had, and say where the link leads in a real installation.
import { escapeHtml, htmlPage } from "../slack/views/install-pages.js";

/** What the page renders these links as (playground/mrkdwn.js): the address of this page, with `to`. */
export const STAND_IN_PATH = "/playground/stand-in";

const STAND_INS = {
  GitHub: { real: "a GitHub App of your own", names: "the run or deployment" },
  MLflow: { real: "your MLflow tracking server", names: "the run or model version" },
} as const;

/** The install page of the stand-in GitHub's App (reader.ts installUrl, on a GitHub Enterprise Server's path). */
const INSTALL_PAGE = /\/github-apps\/[^/]+\/installations\/new$/;

export function standInPage(to: string): string {
  const source = to.startsWith("https://github.com/")
    ? "GitHub"
    : /\/#\/(experiments|models)\//.test(to)
      ? "MLflow"
      : null;
  const back = `<p><a href="/">Back to the playground</a></p>`;
  if (INSTALL_PAGE.test(to))
    return htmlPage(
      "Installing the GitHub App",
      `<p>In Slack, this link opens the page where someone installs the bot's GitHub App on a repository.</p>
<p>The playground's GitHub is a stand-in with one organisation, <code>demo-org</code>, and its App is installed on
the demo teams' repositories only (such as <code>demo-org/churn-model</code>): link one of those. Once the bot is
connected to a GitHub App of your own (see docs/evidence.md in the repository), this link opens the App's
install page on GitHub.</p>${back}`,
    );
  if (!source)
    return htmlPage(
      "A link",
      `<p>This page explains the playground's links to GitHub and MLflow, and <code>${escapeHtml(to)}</code> is neither.</p>${back}`,
    );
  const { real, names } = STAND_INS[source];
  return htmlPage(
    `A link to ${source}`,
    `<p>In Slack, this link opens <code>${escapeHtml(to)}</code>.</p>
<p>The playground's ${source} is a stand-in that lives inside it: it answers the bot's calls as ${source} would,
but has no pages to show. Once the bot is connected to ${real} (see docs/evidence.md in the repository), the
link opens ${names} it names.</p>${back}`,
  );
}
