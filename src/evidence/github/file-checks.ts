// Whether the scoring script is on a repository's default branch, as `file` signals.
import type { EvidenceSignal } from "../../domain/evidence-signal.js";
import { asGathered, type Gathered, type GitHubReader } from "./reader.js";
import { fileSignal } from "./signals.js";

/**
 * Whether each of `paths` is on the default branch; with no path, the scoring script where teams usually
 * keep it: `score*.py` or a `score/` directory at the root.
 */
export async function fileChecks(
  reader: GitHubReader,
  repo: string,
  paths: readonly string[],
  checkedAt: Date,
): Promise<Gathered> {
  const repository = await reader.repository(repo);
  if (repository.kind !== "ok") return repository;
  const ref = { ref: repository.defaultBranch };
  if (paths.length === 0) {
    const root = await reader.asInstallation<
      { name: string; type: string; path: string; html_url: string }[]
    >(repo, "GET /repos/{owner}/{repo}/contents/", ref);
    if (root.kind !== "ok") return asGathered(root);
    const found = root.data.filter(
      (e) => (e.type === "file" && /^score.*\.py$/.test(e.name)) || (e.type === "dir" && e.name === "score"),
    );
    const signals = found.map((e) =>
      fileSignal(repo, e.type === "dir" ? `${e.path}/` : e.path, e.html_url, checkedAt),
    );
    return {
      kind: "ok",
      signals: signals.length
        ? signals
        : [fileSignal(repo, "score*.py", null, checkedAt), fileSignal(repo, "score/", null, checkedAt)],
      complete: true,
    };
  }
  const signals: EvidenceSignal[] = [];
  for (const path of paths) {
    const segments = path.replace(/^\/+|\/+$/g, "").split("/");
    // Never a dot segment: the URL would leave the repository's contents for another route of the API.
    if (segments.some((s) => s === "." || s === ".." || s === "")) {
      signals.push(fileSignal(repo, path, null, checkedAt));
      continue;
    }
    const encoded = segments.map(encodeURIComponent).join("/");
    const answer = await reader.asInstallation<{ html_url?: string } | unknown[]>(
      repo,
      `GET /repos/{owner}/{repo}/contents/${encoded}`,
      ref,
    );
    if (answer.kind === "status" && answer.status === 404)
      signals.push(fileSignal(repo, path, null, checkedAt));
    else if (answer.kind !== "ok") return asGathered(answer);
    else {
      // A folder comes back as the list of what is in it, with no page of its own: its tree is the page.
      const page = Array.isArray(answer.data)
        ? `${repository.htmlUrl}/tree/${encodeURIComponent(repository.defaultBranch)}/${encoded}`
        : answer.data.html_url;
      signals.push(
        fileSignal(
          repo,
          path,
          page ?? `${repository.htmlUrl}/blob/${repository.defaultBranch}/${encoded}`,
          checkedAt,
        ),
      );
    }
  }
  return { kind: "ok", signals, complete: true };
}
