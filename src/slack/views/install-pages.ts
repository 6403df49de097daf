// The web pages of the install flow (OAuth mode): pure builders, text in, HTML out. Every value is escaped.

export interface HtmlPage {
  readonly status: number;
  readonly html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small page in the bot's style; `body` is HTML its caller has escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · MLOps Maturity</title>
<style>
body { font-family: -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5; color: #1d1c1d; }
h1 { font-size: 1.5rem; }
code { background: #f4f4f4; padding: 0 .25rem; border-radius: 3px; }
.add { display: inline-block; padding: .6rem 1.2rem; border-radius: 6px; background: #4a154b; color: #fff; text-decoration: none; font-weight: 600; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

/** GET /slack/install: the "Add to Slack" button, whose link carries this browser's state. */
export function installPage(authorizeUrl: string): string {
  return htmlPage(
    "Add MLOps Maturity to Slack",
    `<p>The bot tracks how your ML teams work and where they stand on the MLOps maturity levels.</p>
<p><a class="add" id="add-to-slack" href="${escapeHtml(authorizeUrl)}">Add to Slack</a></p>
<p>Finish the install in this browser, within 10 minutes: the link is tied to this browser session.</p>`,
  );
}

export interface Connected {
  /** The workspace, or the organisation for an org-wide install. */
  readonly name: string | undefined;
  readonly id: string;
  readonly orgWide: boolean;
}

/** GET /slack/oauth_redirect, once the installation is stored. */
export function installedPage(connected: Connected): string {
  const who = `<strong>${escapeHtml(connected.name ?? connected.id)}</strong> (<code>${escapeHtml(connected.id)}</code>)`;
  const next = connected.orgWide
    ? `<p>An org admin now chooses the workspaces of the organisation that get the app (Slack's admin pages:
Manage organisation → Integrations → Installed apps → MLOps Maturity → Add to more workspaces).</p>
<p>Then, in each workspace, type <code>/mlops setup</code> in a team's channel to register that team, and
<code>/mlops digest</code> in the channel that should get the weekly organisation digest.</p>`
    : `<p>Next: type <code>/mlops setup</code> in a team's channel to register that team, and <code>/mlops help</code>
to see everything the bot does.</p>`;
  return htmlPage(
    "Connected",
    `<p>MLOps Maturity is installed ${connected.orgWide ? "for the whole organisation" : "in the workspace"} ${who}.</p>
${next}
<p>You can close this page.</p>`,
  );
}

const START_AGAIN = `<p><a href="/slack/install">Start the install again</a>, and finish it in the same browser.</p>`;

/** Why an install did not complete, and what to do; nothing was stored. */
export function installFailedPage(reason: InstallFailure): HtmlPage {
  const nothing = "<p>Nothing was installed and nothing was stored.</p>";
  switch (reason.kind) {
    case "denied":
      return {
        status: 200,
        html: htmlPage(
          "Install cancelled",
          `<p>The install was cancelled in Slack, so the app was not added.</p>${nothing}${START_AGAIN}`,
        ),
      };
    case "state":
      return {
        status: 400,
        html: htmlPage(
          "This install link has expired or is not from this browser",
          `<p>The link back from Slack did not match this browser's install session (${escapeHtml(reason.code)}).
This happens when the install did not start at <code>/slack/install</code> in this browser, took longer than
10 minutes, or when a proxy or browser setting dropped the install cookie (<code>slack-app-oauth-state</code>)
on the way.</p>${nothing}${START_AGAIN}
<p>If it keeps happening, make sure the bot's public address serves both <code>/slack/install</code> and
<code>/slack/oauth_redirect</code> over HTTPS on the same host, and that cookies are passed through.</p>`,
        ),
      };
    case "slack":
      return {
        status: 502,
        html: htmlPage(
          "Slack did not complete the install",
          `<p>Slack refused to hand over the app's token (<code>${escapeHtml(reason.code)}</code>). An install code
works once and for 10 minutes only; a wrong client id or secret (<code>invalid_client_id</code>,
<code>bad_client_secret</code>) needs the bot's operator to fix <code>SLACK_CLIENT_ID</code> /
<code>SLACK_CLIENT_SECRET</code>.</p>${nothing}${START_AGAIN}`,
        ),
      };
    case "unexpected":
      return {
        status: 500,
        html: htmlPage(
          "The install could not be completed",
          `<p>Something went wrong on our side (reference <code>${escapeHtml(reason.refId)}</code>); the bot's
operator can find the details in its log under that reference.</p>${nothing}${START_AGAIN}`,
        ),
      };
  }
}

export type InstallFailure =
  | { readonly kind: "denied" }
  | { readonly kind: "state"; readonly code: string }
  | { readonly kind: "slack"; readonly code: string }
  | { readonly kind: "unexpected"; readonly refId: string };
