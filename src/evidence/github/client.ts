// What the bot asks GitHub, as its App: is the App installed on a repository (and where to install it), the
// last weeks of workflow runs and deployments, and whether the scoring script is on the default branch.
// Nothing here throws for GitHub's sake: a 5xx, a timeout or a used-up rate limit comes back as an outcome
// the caller shows as stale ("GitHub answered 502") or limited ("rate limited until …").
import { backfill } from "./backfill.js";
import { fileChecks } from "./file-checks.js";
import { type Gathered, type GitHubEvidenceOptions, GitHubReader, type Installation } from "./reader.js";
import type { Failure } from "./transport.js";

export type { Gathered, GitHubEvidenceOptions, Installation, NotInstalled } from "./reader.js";
export { installUrl } from "./reader.js";
export type { Failure } from "./transport.js";

export class GitHubEvidence {
  private readonly reader: GitHubReader;

  constructor(options: GitHubEvidenceOptions) {
    this.reader = new GitHubReader(options);
  }

  /** Installation tokens obtained so far (each lives an hour and is reused until a minute before). */
  get tokensIssued(): number {
    return this.reader.tokensIssued;
  }

  /** Whether the App is installed on `owner/repo`; if not, the page where someone can install it. */
  installationFor(repo: string): Promise<Installation | Failure> {
    return this.reader.installationFor(repo);
  }

  /** The workflow runs and deployments of `owner/repo` created from `since` to `now`, as signals. */
  backfill(repo: string, since: Date, now: Date): Promise<Gathered> {
    return backfill(this.reader, repo, since, now);
  }

  /**
   * Whether each of `paths` is on the default branch; with no path, the scoring script where teams usually
   * keep it: `score*.py` or a `score/` directory at the root.
   */
  fileChecks(repo: string, paths: readonly string[], checkedAt: Date): Promise<Gathered> {
    return fileChecks(this.reader, repo, paths, checkedAt);
  }
}
