// The words after `/mlops link` and `/mlops unlink`: what to link, its options, and an optional
// `for #channel` naming the team (the command's own channel otherwise).
import type { LinkTarget } from "../../services/evidence-links.js";
import { inlineCode } from "../views/mrkdwn.js";

export const LINK_USAGE = [
  "/mlops link github <owner>/<repo> [--model] [--training-workflow <path>] [--deploy-environment <name>] [--scoring-path <path>] [for #channel]",
  "/mlops link mlflow experiment <name> [for #channel]",
  "/mlops link mlflow model <registered model name> [for #channel]",
] as const;

export const UNLINK_USAGE = [
  "/mlops unlink github <owner>/<repo> [for #channel]",
  "/mlops unlink mlflow experiment <name> [for #channel]",
  "/mlops unlink mlflow model <registered model name> [for #channel]",
] as const;

export type ParsedLink =
  | { readonly ok: true; readonly target: LinkTarget; readonly channelId: string | null }
  | { readonly ok: false; readonly problem: string };

// With should_escape on, Slack sends "#ml-platform" as "<#C123|ml-platform>" (or "<#C123>").
const FOR_CHANNEL = /\s+for\s+<#([CG][A-Z0-9]+)(?:\|[^>]*)?>\s*$/i;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** A repository's page pasted instead of its name, as typed or as Slack links it (`<https://…|label>`). */
const REPOSITORY_URL =
  /^<?(?:https?:\/\/)?(?:www\.)?[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?\/([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+?)(?:\.git)?(?:\/[^\s|>]*)?(?:\|[^>]*)?>?$/i;
/** Where GitHub keeps workflow files: `--training-workflow train.yml` means the one there. */
const WORKFLOWS = ".github/workflows/";
const VALUED = {
  "--training-workflow": "trainingWorkflow",
  "--deploy-environment": "deployEnvironment",
  "--scoring-path": "scoringPath",
} as const;

// "for #name" that Slack did not turn into a channel: no channel of that name that the person can see.
const FOR_PLAIN = /\s+for\s+(#[\w.-]+)\s*$/i;

export function parseLinkCommand(text: string): ParsedLink {
  const channel = FOR_CHANNEL.exec(` ${text}`);
  const plain = channel ? null : FOR_PLAIN.exec(` ${text}`);
  if (plain?.[1])
    return {
      ok: false,
      problem: `${inlineCode(plain[1])} after \`for\` is not a channel Slack knows here: type # and pick the team's channel from Slack's list.`,
    };
  const rest = (channel ? ` ${text}`.slice(0, channel.index) : text).trim();
  const [source = "", ...words] = rest.split(/\s+/);
  const channelId = channel?.[1] ?? null;
  if (source.toLowerCase() === "github") {
    const parsed = parseRepository(words);
    return parsed.ok ? { ok: true, target: parsed.target, channelId } : parsed;
  }
  if (source.toLowerCase() === "mlflow") {
    const [kind = "", ...name] = words;
    const subjectKind = kind.toLowerCase();
    if ((subjectKind !== "experiment" && subjectKind !== "model") || name.length === 0)
      return {
        ok: false,
        problem: `Name an MLflow experiment or registered model: ${inlineCode("mlflow experiment <name>")} or ${inlineCode("mlflow model <name>")}.`,
      };
    return { ok: true, target: { subjectKind, name: name.join(" ") }, channelId };
  }
  return {
    ok: false,
    problem: `Name the system: ${inlineCode("github <owner>/<repo>")}, ${inlineCode("mlflow experiment <name>")} or ${inlineCode("mlflow model <name>")}.`,
  };
}

function parseRepository(
  words: readonly string[],
): { ok: true; target: LinkTarget } | { ok: false; problem: string } {
  const [given = "", ...options] = words;
  const repository = REPOSITORY_URL.exec(given)?.[1] ?? given;
  if (!REPOSITORY.test(repository))
    return {
      ok: false,
      problem: `Name the repository as ${inlineCode("<owner>/<repo>")}, e.g. \`acme/churn-model\`.`,
    };
  const values: Record<(typeof VALUED)[keyof typeof VALUED], string | null> = {
    trainingWorkflow: null,
    deployEnvironment: null,
    scoringPath: null,
  };
  let model = false;
  for (let i = 0; i < options.length; i++) {
    const option = (options[i] ?? "").toLowerCase();
    if (option === "--model") {
      model = true;
      continue;
    }
    const field = VALUED[option as keyof typeof VALUED];
    const value = options[i + 1];
    if (!field) return { ok: false, problem: `${inlineCode(option)} is not an option of \`link github\`.` };
    if (value === undefined || value.startsWith("--"))
      return { ok: false, problem: `${inlineCode(option)} needs a value.` };
    values[field] = value;
    i++;
  }
  if (values.scoringPath !== null && !isRepositoryPath(values.scoringPath))
    return {
      ok: false,
      problem: `\`--scoring-path\` must be a path inside the repository, such as \`score.py\` or \`serving/scoring/\`.`,
    };
  const trainingWorkflow = values.trainingWorkflow && workflowPath(values.trainingWorkflow);
  if (trainingWorkflow !== null && !trainingWorkflow.startsWith(WORKFLOWS))
    return {
      ok: false,
      problem: `GitHub runs workflows only from \`${WORKFLOWS}\`: give \`--training-workflow train.yml\` or \`${WORKFLOWS}train.yml\`.`,
    };
  return { ok: true, target: { subjectKind: "repository", repository, model, ...values, trainingWorkflow } };
}

/** A file or folder of the repository: names of letters, digits, `_`, `.` and `-`, never `.` or `..` alone. */
function isRepositoryPath(path: string): boolean {
  const segments = path.replace(/^\.\//, "").replace(/\/$/, "").split("/");
  return segments.every((s) => /^[\w.-]+$/.test(s) && s !== "." && s !== "..");
}

/**
 * A workflow file as GitHub names it in its runs (`.github/workflows/train.yml`), from what a person types:
 * that path, the same with a leading `./` or `/`, or the file's name alone.
 */
function workflowPath(given: string): string {
  const path = given.replace(/^(\.\/|\/)+/, "");
  return path.includes("/") ? path : `${WORKFLOWS}${path}`;
}
