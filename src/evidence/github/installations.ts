// `installation` and `installation_repositories` deliveries carry no evidence, but they say which repositories
// the App can now read or no longer reads, so a linked repository's installation state stays true.
import { z } from "zod";

export interface InstallationChange {
  readonly installationId: number;
  /** The account (user or organisation) the App is installed on, lower case. */
  readonly account: string;
  /** `owner/repo`, lower case. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /**
   * Set when the change covers every repository of the account without listing them (an installation on
   * all repositories created, deleted, suspended or unsuspended).
   */
  readonly allRepositories: "added" | "removed" | null;
}

const repos = z.array(z.object({ full_name: z.string() })).nullish();
const installation = z.object({
  id: z.number(),
  account: z.object({ login: z.string() }).nullish(),
  repository_selection: z.string().nullish(),
});
const schemas = {
  installation: z.object({ action: z.string(), installation, repositories: repos }),
  installation_repositories: z.object({
    action: z.string(),
    installation,
    repository_selection: z.string().nullish(),
    repositories_added: repos,
    repositories_removed: repos,
  }),
};

const names = (list: z.infer<typeof repos>) => (list ?? []).map((r) => r.full_name.toLowerCase());

const ADDING = new Set(["created", "unsuspend"]);
const REMOVING = new Set(["deleted", "suspend"]);

/** The repositories an installation delivery adds or removes; null for other events and other actions. */
export function installationChange(eventName: string, payload: unknown): InstallationChange | null {
  if (eventName === "installation_repositories") {
    const parsed = schemas.installation_repositories.safeParse(payload);
    if (!parsed.success) return null;
    const p = parsed.data;
    const base = { installationId: p.installation.id, account: accountOf(p.installation) };
    return {
      ...base,
      added: names(p.repositories_added),
      removed: names(p.repositories_removed),
      allRepositories: null,
    };
  }
  if (eventName !== "installation") return null;
  const parsed = schemas.installation.safeParse(payload);
  if (!parsed.success) return null;
  const { action, installation: inst, repositories } = parsed.data;
  const direction = ADDING.has(action) ? "added" : REMOVING.has(action) ? "removed" : null;
  if (!direction) return null;
  // With "all" selected GitHub sends no list (or a partial one): the whole account is affected.
  const whole = inst.repository_selection === "all" || !repositories ? direction : null;
  const listed = names(repositories);
  return {
    installationId: inst.id,
    account: accountOf(inst),
    added: direction === "added" ? listed : [],
    removed: direction === "removed" ? listed : [],
    allRepositories: whole,
  };
}

const accountOf = (inst: z.infer<typeof installation>) => inst.account?.login.toLowerCase() ?? "";
