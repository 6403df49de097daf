// `npm run mlops -- evidence mlflow --workspace T… --uri https://… [--token …]`: where a workspace's MLflow
// evidence comes from. The token is sealed with TOKEN_ENCRYPTION_KEY before it is stored, and never printed.
// `… evidence github --workspace T… --account <owner>`: in OAuth mode, a GitHub account whose repositories the
// workspace may link (one GitHub App serves every workspace; none may read another's repositories).
import type { Kysely } from "kysely";
import { type CliIo, complain, say } from "./cli-io.js";
import type { TokensConfig } from "./config.js";
import { allowGithubAccount } from "./db/evidence.js";
import { saveMlflowSettings } from "./db/mlflow.js";
import type { Database } from "./db/schema.js";
import { keyId } from "./db/token-cipher.js";
import { findWorkspace } from "./db/workspaces.js";
import { WORKSPACE_ID } from "./domain/slack-ids.js";
import { parseTrackingUri } from "./domain/tracking-uri.js";

type Values = Record<string, string | boolean | undefined>;
type Run = (context: { io: CliIo; config: TokensConfig; db: Kysely<Database> }) => Promise<number>;

export const EVIDENCE_USAGE = `  evidence mlflow --workspace T… --uri <tracking URI> [--token <token>]
                     set the MLflow tracking server a workspace's evidence is read from (replacing any
                     before); --token is sent as a bearer token and stored sealed with TOKEN_ENCRYPTION_KEY.
                     A bot in one workspace may set MLFLOW_TRACKING_URI (and MLFLOW_TRACKING_TOKEN) instead.
  evidence github --workspace T… --account <owner>
                     in OAuth mode: let a workspace link the repositories of a GitHub user or organisation
                     (a bot in one workspace links any repository its GitHub App is installed on).`;

/** What to run for these options, or the usage problem to report before touching the database. */
export function prepareEvidence(values: Values, [source]: string[]): Run | string {
  if (source !== "mlflow" && source !== "github") {
    return source === undefined
      ? "`evidence` needs the source to set: npm run mlops -- evidence mlflow --workspace T0123 --uri https://mlflow.example.com"
      : `\`evidence ${source}\`: the sources are mlflow and github.`;
  }
  const { workspace, uri, token } = values;
  if (typeof workspace !== "string" || !WORKSPACE_ID.test(workspace)) {
    return workspace === undefined
      ? `\`evidence ${source}\` needs --workspace T… (the Slack workspace id).`
      : `--workspace ${JSON.stringify(workspace)} is not a Slack workspace id (T…).`;
  }
  if (source === "github") return prepareGithubAccount(workspace, values.account);
  if (typeof uri !== "string")
    return "`evidence mlflow` needs --uri, the tracking server's URL, e.g. https://mlflow.example.com";
  const parsed = parseTrackingUri(uri);
  if ("problem" in parsed) return `--uri ${parsed.problem}.`;
  if (token !== undefined && (typeof token !== "string" || token.trim() === "")) return "--token is empty.";
  // A token wrapped over two lines when pasted: a header cannot carry it, and its error would echo it.
  if (typeof token === "string" && /\s/.test(token.trim()))
    return "--token has a space or a line break inside: give the token on one line.";
  return async ({ io, config, db }) => {
    const keys = config.tokenKeys;
    if (token !== undefined && !keys) {
      complain(
        io,
        "Storing an MLflow token needs TOKEN_ENCRYPTION_KEY (32 random bytes in base64, e.g. from `openssl rand -base64 32`): the token is sealed with it at rest. Nothing was changed.",
      );
      return 1;
    }
    const secret = typeof token === "string" ? token.trim() : undefined;
    await saveMlflowSettings(db, workspace, { uri: parsed.uri, token: secret }, keys, new Date());
    const how = secret && keys ? `with a token (sealed with key ${keyId(keys.current)})` : "without a token";
    say(io, `Workspace ${workspace} reads MLflow evidence from ${parsed.uri}, ${how}.`);
    if (secret)
      say(io, "The bot opens the token with the same key: start it with this TOKEN_ENCRYPTION_KEY.");
    say(io, "Teams link experiments and models with /mlops link mlflow experiment|model <name>.");
    // Set before the workspace comes is fine; a mistyped id would leave the real workspace without MLflow.
    if (!(await findWorkspace(db, workspace))) say(io, unknownWorkspaceNote(workspace));
    return 0;
  };
}

/** A GitHub user or organisation login: letters, digits and single hyphens, at most 39 characters. */
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;

function prepareGithubAccount(workspace: string, given: string | boolean | undefined): Run | string {
  // The account's page does as well as its name: https://github.com/acme.
  const account =
    typeof given === "string"
      ? given.replace(/^(?:https?:\/\/)?[^/]+\.[a-z]{2,}\/([^/]+)\/?$/i, "$1")
      : given;
  if (typeof account !== "string" || !GITHUB_LOGIN.test(account))
    return account === undefined
      ? "`evidence github` needs --account, the GitHub user or organisation whose repositories the workspace may link (the owner in owner/repo)."
      : `--account ${JSON.stringify(account)} is not a GitHub user or organisation name.`;
  return async ({ io, db }) => {
    const added = await allowGithubAccount(db, workspace, account);
    say(
      io,
      `Workspace ${workspace} ${added ? "may now link" : "could already link"} the repositories of the GitHub account ${account.toLowerCase()} (where the bot's GitHub App is installed).`,
    );
    say(
      io,
      "Only a bot in OAuth mode reads this; a bot in one workspace links any repository its App is installed on.",
    );
    if (!(await findWorkspace(db, workspace))) say(io, unknownWorkspaceNote(workspace));
    return 0;
  };
}

function unknownWorkspaceNote(workspace: string): string {
  return `Note: workspace ${workspace} has not used this bot yet (no installation, no team). If the id is mistyped, run this again with the right one: it is the T… in the workspace's address in a browser (app.slack.com/client/T…/).`;
}
