// The GitHub client in the shape the link service asks for (services/evidence-links.ts `GithubRepositories`):
// installed or not, and one backfill of a linked repository (runs, deployments and the scoring-script check).
// There GitHub's failures are thrown, as a GitHubUnavailable that says why and, when limited, until when.
import type { EvidenceSignal } from "../../domain/evidence-signal.js";
import type { Failure, GitHubEvidence } from "./client.js";

export class GitHubUnavailable extends Error {
  constructor(readonly failure: Failure) {
    super(
      failure.kind === "limited"
        ? `GitHub: rate limited until ${failure.until.toISOString()}`
        : `GitHub: ${failure.reason}`,
    );
    this.name = "GitHubUnavailable";
  }
}

export interface LinkedRepository {
  /** `owner/repo`. */
  readonly repository: string;
  /** Where the team keeps its scoring script; null: `score*.py` or `score/` at the root. */
  readonly scoringPath: string | null;
}

/** Where teams usually keep the scoring script's tests, checked beside the script itself (tested_scoring_script). */
const SCORING_TESTS = ["tests/test_score.py", "tests/test_scoring.py", "test/test_score.py"];

export function githubRepositories(evidence: GitHubEvidence, now: () => Date = () => new Date()) {
  return {
    async installation(repository: string) {
      const found = await evidence.installationFor(repository);
      if (found.kind === "installed") return { installed: true as const };
      if (found.kind === "not_installed") return { installed: false as const, installUrl: found.installUrl };
      throw new GitHubUnavailable(found);
    },

    async backfill(link: LinkedRepository, since: Date): Promise<EvidenceSignal[]> {
      const at = now();
      const history = await evidence.backfill(link.repository, since, at);
      if (history.kind !== "ok") throw unavailable(history);
      // The runs and deployments are kept whatever the file checks do: a push to the default branch checks again.
      const files = await scoringFiles(evidence, link, at).catch((err: unknown) => {
        if (err instanceof GitHubUnavailable) return [];
        throw err;
      });
      return [...history.signals, ...files];
    },

    scoringFiles: (link: LinkedRepository) => scoringFiles(evidence, link, now()),
  };
}

/** Whether the scoring script and its tests are on the default branch, checked at `at`. */
async function scoringFiles(
  evidence: GitHubEvidence,
  link: LinkedRepository,
  at: Date,
): Promise<EvidenceSignal[]> {
  const files = await evidence.fileChecks(link.repository, link.scoringPath ? [link.scoringPath] : [], at);
  if (files.kind !== "ok") throw unavailable(files);
  const tests = await evidence.fileChecks(link.repository, SCORING_TESTS, at);
  if (tests.kind !== "ok") throw unavailable(tests);
  return [...files.signals, ...tests.signals];
}

function unavailable(outcome: Failure | { kind: "not_installed"; installUrl: string }): GitHubUnavailable {
  if (outcome.kind === "not_installed") {
    return new GitHubUnavailable({
      kind: "unavailable",
      reason: `the App is not installed (${outcome.installUrl})`,
    });
  }
  return new GitHubUnavailable(outcome);
}
