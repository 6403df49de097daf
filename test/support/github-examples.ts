// GitHub's own example webhook payloads (@octokit/webhooks-examples, taken from GitHub's documentation), handed
// out as fresh copies so a test may adapt the repository it names without touching the next test's copy.
import { createRequire } from "node:module";

// A JSON module: require() reads it under Node and vitest alike, without import attributes.
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
  name: string;
  examples: unknown[];
}[];

type Payload = Record<string, unknown> & { repository?: Record<string, unknown> };

/** The `index`-th example of `event` (optionally with that `action`), deep-copied. */
export function githubExample(event: string, index = 0, action?: string): Payload {
  const definition = examples.find((d) => d.name === event);
  const list = (definition?.examples ?? []).filter(
    (e) => action === undefined || (e as { action?: string }).action === action,
  );
  const example = list[index];
  if (!example) throw new Error(`no example ${index} of ${event}${action ? `.${action}` : ""}`);
  return structuredClone(example) as unknown as Payload;
}

/**
 * The example, moved to `fullName` (`owner/repo`), with an id of that repository's own (GitHub's examples all
 * name the same few): the only adaptation GitHub's examples need for our tests.
 */
export function githubExampleFor(fullName: string, event: string, index = 0, action?: string): Payload {
  const payload = githubExample(event, index, action);
  if (payload.repository) Object.assign(payload.repository, { id: repositoryIdOf(fullName) });
  return renamedTo(payload, fullName);
}

/** The payload as GitHub sends it once its repository is renamed or transferred: new name, same id. */
export function renamedTo(payload: Payload, fullName: string): Payload {
  const [owner = "", name = ""] = fullName.split("/");
  if (payload.repository) {
    Object.assign(payload.repository, {
      full_name: fullName,
      name,
      html_url: `https://github.com/${fullName}`,
      owner: { ...(payload.repository.owner as object), login: owner },
    });
  }
  return payload;
}

/** A stable id per repository name, as GitHub gives each repository its own. */
function repositoryIdOf(fullName: string): number {
  let hash = 0;
  for (const c of fullName.toLowerCase()) hash = (hash * 31 + c.charCodeAt(0)) % 1_000_000_007;
  return 100_000_000 + hash;
}

/** How many examples of `event` GitHub documents. */
export function githubExampleCount(event: string): number {
  return examples.find((d) => d.name === event)?.examples.length ?? 0;
}
