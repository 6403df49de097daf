// Replies of `/mlops link`, `/mlops unlink` and `/mlops evidence`. User text and outside text are escaped.
import type { EvidencePolicy } from "../../domain/evidence.js";
import type { SubjectKind } from "../../domain/evidence-signal.js";
import { ago } from "../../domain/evidence-wording.js";
import type { LinkOutcome } from "../../services/evidence-links.js";
import type { EvidenceReport, PolicyOutcome } from "../../services/team-evidence.js";
import { EVIDENCE_BLOCKS } from "../ids.js";
import { context, section } from "./blocks.js";
import { verdictBlocks } from "./evidence.js";
import type { EphemeralMessage } from "./help.js";
import { escapeMrkdwn, inlineCode, nameText, truncate } from "./mrkdwn.js";
import { plural } from "./phrases.js";

function ephemeral(text: string): EphemeralMessage {
  return { response_type: "ephemeral", text };
}

const name = (teamName: string) => `*${nameText(teamName, 80)}*`;

const WHAT: Readonly<Record<SubjectKind, string>> = {
  repository: "GitHub repository",
  experiment: "MLflow experiment",
  model: "MLflow registered model",
};

/** How to turn evidence from GitHub on: the operator's settings, and where they are explained. */
export const GITHUB_OFF_TEXT =
  "Evidence from GitHub is off: the bot has no GitHub App. An operator turns it on by creating the App from `manifests/github-app.json` and setting `GITHUB_APP_ID`, `GITHUB_APP_PRIVATE_KEY` (or `GITHUB_APP_PRIVATE_KEY_FILE`) and `GITHUB_WEBHOOK_SECRET` (see docs/evidence.md).";

const MLFLOW_OFF_TEXT =
  "Evidence from MLflow is off: the bot has no MLflow tracking server for this workspace. An operator turns it on with `npm run mlops -- evidence mlflow --workspace T… --uri https://…` (or `MLFLOW_TRACKING_URI` for a bot in one workspace; see docs/mlflow.md).";

export function linkUsage(problem: string, usage: readonly string[]): EphemeralMessage {
  return ephemeral(`${problem}\n${usage.map((u) => `\`${escapeMrkdwn(u)}\``).join("\n")}`);
}

/** After "Reading its last 28 days": GitHub did not give them (the link holds, webhooks still come). */
export function backfillFailed(
  repository: string,
  reason: string,
): EphemeralMessage & { replace_original: false } {
  return {
    ...ephemeral(
      `:warning: ${inlineCode(repository)} stays linked, but GitHub did not give its last 28 days (${escapeMrkdwn(truncate(reason, 200))}). Evidence comes with GitHub's next events; run the same \`/mlops link github\` again later to read the 28 days.`,
    ),
    replace_original: false,
  };
}

export function linkReply(outcome: LinkOutcome, verb: "link" | "unlink"): EphemeralMessage {
  switch (outcome.kind) {
    case "github-off":
      return ephemeral(`Nothing was linked. ${GITHUB_OFF_TEXT}`);
    case "mlflow-off":
      return ephemeral(`Nothing was linked. ${MLFLOW_OFF_TEXT}`);
    case "mlflow-missing":
      return ephemeral(
        `:no_entry: MLflow has no ${outcome.subjectKind === "experiment" ? "experiment" : "registered model"} called ${inlineCode(outcome.subject)}, so nothing was linked. MLflow's names are exact (capitals and spaces count): copy it from MLflow's page.`,
      );
    case "no-team":
      return ephemeral(
        `There is no ML team set up in <#${outcome.channelId}>. Run \`/mlops ${verb}\` in the team's own channel (or add \`for #channel\`), or \`/mlops setup\` there first.`,
      );
    case "refused":
      return ephemeral(
        outcome.refusal.kind === "unverified"
          ? `I couldn't check with Slack who you are (${escapeMrkdwn(truncate(outcome.refusal.error, 40))}), so nothing changed.`
          : `:no_entry: Only the team's respondents, whoever set it up, and workspace admins and owners can ${verb} systems for ${name(outcome.teamName)}, so nothing changed.`,
      );
    case "not-installed":
      return ephemeral(
        `The bot's GitHub App is not installed on ${inlineCode(outcome.subject)}, so nothing was linked. Install it on that repository (<${outcome.installUrl}|install the App>), then run the command again.`,
      );
    case "github-account-not-allowed":
      return ephemeral(
        `:no_entry: This workspace may not read the repositories of the GitHub account ${inlineCode(outcome.account)} yet, so nothing was linked. The bot serves several Slack workspaces with one GitHub App, so whoever runs it allows each workspace the accounts it may read: \`npm run mlops -- evidence github --workspace ${outcome.teamId} --account ${escapeMrkdwn(outcome.account)}\`.`,
      );
    case "github-failed":
      return ephemeral(
        outcome.appRefused
          ? `:no_entry: GitHub refused the bot's App credentials (${escapeMrkdwn(truncate(outcome.appRefused, 200))}), so nothing was linked. Trying again will not help: whoever runs the bot must check \`GITHUB_APP_ID\` and the App's private key against the App's settings, and that the bot's clock is right (docs/evidence.md).`
          : `GitHub did not answer whether the App can read ${inlineCode(outcome.subject)}, so nothing was linked. Try again in a few minutes.`,
      );
    case "linked":
      return ephemeral(
        `:link: ${name(outcome.teamName)} ${outcome.change === "created" ? "is now linked to" : "keeps its link to"} the ${WHAT[outcome.subjectKind]} ${inlineCode(outcome.subject)}${outcome.change === "updated" ? " (options updated)" : ""}.${outcome.backfill ? " Reading its last 28 days from GitHub now; `/mlops evidence` shows what it says." : " `/mlops evidence` shows what it says after the next poll."}${outcome.unchecked ? ` MLflow could not be asked whether it exists just now (${escapeMrkdwn(outcome.unchecked)}); if the name is wrong, \`/mlops evidence\` will say so.` : ""}`,
      );
    case "unlinked":
      return ephemeral(`${name(outcome.teamName)} is no longer linked to ${inlineCode(outcome.subject)}.`);
    case "not-linked":
      return ephemeral(
        `${name(outcome.teamName)} was not linked to ${inlineCode(outcome.subject)}, so nothing changed.`,
      );
  }
}

export function evidenceMessage(report: EvidenceReport): EphemeralMessage {
  const links =
    report.links.length === 0
      ? "Nothing linked yet. Link the team's systems with `/mlops link github &lt;owner&gt;/&lt;repo&gt;` or `/mlops link mlflow experiment &lt;name&gt;`."
      : report.links
          .map((l) => {
            const options = l.options.length > 0 ? ` ${inlineCode(l.options.join(" "))}` : "";
            const last = l.lastEventAt ? `last event ${ago(l.lastEventAt, report.now)}` : "no event yet";
            return `• ${WHAT[l.kind]} ${inlineCode(l.subject)}${options} — ${last}`;
          })
          .join("\n");
  const verdicts = verdictBlocks(report.verdicts);
  const stale = report.stale.map((s) => {
    const since = ago(s.since, report.now);
    const when = since === "just now" ? "could not be read just now" : `has not been read since ${since}`;
    return `:hourglass: ${WHAT[s.kind]} ${inlineCode(s.name)} ${when}${s.reason ? `: ${escapeMrkdwn(truncate(s.reason, 300))}` : ""}`;
  });
  const title = `*Evidence for* ${name(report.team.name)} · <#${report.team.channelId}> · policy: ${report.policy}`;
  return {
    response_type: "ephemeral",
    text: `Evidence for ${report.team.name}: ${plural(report.verdicts.length, "practice")} with a verdict`,
    blocks: [
      section(EVIDENCE_BLOCKS.links, `${title}\n${links}`),
      ...verdicts,
      ...(report.links.length > 0 && verdicts.length === 0
        ? [section(EVIDENCE_BLOCKS.none, "No practice has evidence from the last 28 days yet.")]
        : []),
      ...(stale.length > 0 ? [section(EVIDENCE_BLOCKS.stale, stale.join("\n"))] : []),
      ...(report.githubOn ? [] : [context(GITHUB_OFF_TEXT, EVIDENCE_BLOCKS.githubOff)]),
    ],
  };
}

export const POLICY_USAGE = "/mlops evidence policy strict|shown";

export function policyReply(outcome: PolicyOutcome): EphemeralMessage {
  switch (outcome.kind) {
    case "refused":
      return ephemeral(
        ":no_entry: Only workspace admins and owners can change the evidence policy, so nothing changed.",
      );
    case "unverified":
      return ephemeral(
        `I couldn't check with Slack whether you are a workspace admin (${escapeMrkdwn(truncate(outcome.error, 40))}), so nothing changed.`,
      );
    case "set":
      return ephemeral(policySentence(outcome.policy, outcome.changed));
  }
}

/** `/mlops evidence policy` without a policy, or with one that is none: what the workspace's is, and the choice. */
export function policyChoice(given: string | undefined, current: EvidencePolicy): EphemeralMessage {
  const lead = given === undefined ? "" : `${inlineCode(truncate(given, 40))} is not an evidence policy. `;
  const meaning =
    current === "strict"
      ? "a practice the team says is in place that evidence disputes does not count towards its level"
      : "levels come from the answers alone, with evidence shown beside them";
  return ephemeral(
    `${lead}This workspace's evidence policy is *${current}*: ${meaning}. Workspace admins choose with \`${POLICY_USAGE}\`.`,
  );
}

function policySentence(policy: EvidencePolicy, changed: boolean): string {
  const now = changed ? "is now" : "was already";
  return policy === "strict"
    ? `The evidence policy ${now} *strict*: a practice the team says is in place that evidence disputes no longer counts towards its level, and every level says so. \`/mlops evidence policy shown\` goes back.`
    : `The evidence policy ${now} *shown*: levels come from the answers alone, with evidence shown beside them.`;
}
