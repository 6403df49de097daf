// `npm run mlops -- api-token create|list|revoke`: tokens for the read API and the MCP endpoint. A token is
// printed once, when it is created; only its hash is stored.
import type { Kysely } from "kysely";
import { type CliIo, complain, say } from "./cli-io.js";
import { migrateToLatest } from "./db/migrate.js";
import type { Database } from "./db/schema.js";
import { WORKSPACE_ID } from "./domain/slack-ids.js";
import { apiTokens, createApiToken, LABEL, revokeToken } from "./services/api-tokens.js";

const ENTERPRISE_ID = /^E[A-Z0-9]+$/;

type Values = Record<string, string | boolean | undefined>;
type Run = (context: { io: CliIo; database: { db: Kysely<Database> } }) => Promise<number>;

/** What `api-token <action> …` runs, or the usage problem to report before touching the database. */
export function prepareApiToken(values: Values, [action, label]: string[]): Run | string {
  const ctx = (db: Kysely<Database>) => ({ db, clock: () => new Date() });
  if (action === "create") {
    const { workspace, name } = values;
    if (typeof workspace !== "string" || !(WORKSPACE_ID.test(workspace) || ENTERPRISE_ID.test(workspace)))
      return "`api-token create` needs --workspace T… (a workspace id, or E… for an org-wide install) and --name <label>.";
    if (typeof name !== "string" || !LABEL.test(name))
      return "--name is the token's label: letters, digits, spaces, dots, dashes and underscores, up to 64.";
    if (label !== undefined)
      return "`api-token create` takes no argument: --workspace and --name say it all.";
    return async ({ io, database }) => {
      await migrateToLatest(database.db);
      const scope = {
        kind: workspace.startsWith("E") ? ("org" as const) : ("workspace" as const),
        id: workspace,
      };
      const created = await createApiToken(ctx(database.db), { label: name, scope });
      if (created.kind !== "created") {
        complain(
          io,
          `A token labelled ${JSON.stringify(name)} exists already: revoke it first, or choose another label.`,
        );
        return 1;
      }
      say(io, created.token);
      complain(
        io,
        `Token ${JSON.stringify(name)} reads ${scope.kind} ${workspace}. It is shown only this once: keep it secret.`,
      );
      return 0;
    };
  }
  if (Object.keys(values).some((v) => v === "workspace" || v === "name"))
    return `\`api-token ${action ?? ""}\` has no --workspace or --name option. See --help.`;
  if (action === "list" && label === undefined) {
    return async ({ io, database }) => {
      await migrateToLatest(database.db);
      const tokens = await apiTokens(ctx(database.db));
      if (tokens.length === 0)
        say(io, "No API tokens yet: npm run mlops -- api-token create --workspace T… --name <label>");
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
        say(io, `${t.label}\t${t.scope.kind} ${t.scope.id}\tcreated ${t.createdAt.toISOString()}\t${state}`);
      }
      return 0;
    };
  }
  if (action === "revoke" && label !== undefined) {
    return async ({ io, database }) => {
      await migrateToLatest(database.db);
      if (await revokeToken(ctx(database.db), label)) {
        say(io, `Token ${JSON.stringify(label)} is revoked: it is refused from now on.`);
        return 0;
      }
      complain(io, `No active token is labelled ${JSON.stringify(label)}: nothing was revoked.`);
      return 1;
    };
  }
  return "Use: api-token create --workspace T… --name <label> | api-token list | api-token revoke <label>";
}
