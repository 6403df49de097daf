// The GitHub App's client (client.ts) as the link use case needs it (services/evidence-links.ts): is the App
// installed on a repository, and the repository's last 28 days as signals. GitHub's failures become errors
// here, which the use case reports ("GitHub did not answer") rather than linking blind.
import type { GitHubConfig } from "../../config.js";
import type { RepositoryLink } from "../../domain/evidence.js";
import type { EvidenceSignal } from "../../domain/evidence-signal.js";
import type { GithubRepositories } from "../../services/evidence-links.js";
import { type Failure, type Gathered, GitHubEvidence } from "./client.js";

/** Where teams usually keep the scoring script's tests, checked beside the script itself. */
const SCORING_TESTS = ["tests/test_score.py", "tests/test_scoring.py", "test/test_score.py"];

export function githubRepositories(config: GitHubConfig, now: () => Date): GithubRepositories {
  // Tokens and rate limits run on the real clock; only the window read follows the bot's (tests move it).
  const client = new GitHubEvidence(config);
  return {
    installation: async (repository) => {
      const found = await client.installationFor(repository);
      if (found.kind === "installed") return { installed: true };
      if (found.kind === "not_installed") return { installed: false, installUrl: found.installUrl };
      throw failureError(found);
    },
    backfill: async (link: RepositoryLink, since: Date) => {
      const at = now();
      const scripts = link.scoringPath ? [link.scoringPath] : [];
      const gathered = [
        await client.backfill(link.repository, since, at),
        await client.fileChecks(link.repository, scripts, at),
        await client.fileChecks(link.repository, SCORING_TESTS, at),
      ];
      return gathered.flatMap(signalsOf);
    },
  };
}

function signalsOf(gathered: Gathered): EvidenceSignal[] {
  if (gathered.kind === "ok") return gathered.signals;
  if (gathered.kind === "not_installed")
    throw new Error("the GitHub App is no longer installed on the repository");
  throw failureError(gathered);
}

function failureError(failure: Failure): Error {
  return new Error(
    failure.kind === "limited"
      ? `GitHub's rate limit is used up until ${failure.until.toISOString()}`
      : `GitHub did not answer: ${failure.reason}`,
  );
}
