// `npm run mlops -- api-token …` as operators run it: the built CLI in a child process, on the suite's
// Postgres or an embedded database in a folder of the file's own.
import { describe, expect, it } from "vitest";
import { authenticate } from "../../src/services/api-tokens.js";
import { useCliDatabase } from "../support/cli-database.js";

const database = useCliDatabase("mlops-cli-api-tokens-");
const mlops = (args: string[]) => database.mlops(args);
const who = (token: string) => database.use((db) => authenticate({ db, clock: () => new Date() }, token));

describe("api-token", () => {
  it("creates a token shown once and stored only as a hash, lists it, and revokes it at once", async () => {
    const created = await mlops(["api-token", "create", "--workspace", "T0ACME", "--name", "grafana"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^mlops_[A-Za-z0-9_-]{43}\n$/);
    expect(created.stderr).toContain('Token "grafana" reads workspace T0ACME. It is shown only this once');
    const token = created.stdout.trim();
    const stored = await database.use((db) => db.selectFrom("api_tokens").selectAll().execute());
    expect(JSON.stringify(stored)).not.toContain(token.slice(6));
    expect(await who(token)).toMatchObject({ scope: { kind: "workspace", id: "T0ACME" } });

    const again = await mlops(["api-token", "create", "--workspace", "T0ACME", "--name", "grafana"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('A token labelled "grafana" exists already');

    const org = await mlops(["api-token", "create", "--workspace", "E0GRID", "--name", "org wide"]);
    expect(org.code).toBe(0);
    const list = await mlops(["api-token", "list"]);
    expect(list.stdout).toMatch(
      /^grafana\tworkspace T0ACME\tcreated \S+\tactive\norg wide\torg E0GRID\tcreated \S+\tactive\n$/,
    );
    expect(list.stdout).not.toContain("mlops_");

    const revoked = await mlops(["api-token", "revoke", "grafana"]);
    expect(revoked.code).toBe(0);
    expect(await who(token)).toBeNull();
    expect((await mlops(["api-token", "list"])).stdout).toMatch(
      /^grafana\tworkspace T0ACME\tcreated \S+\trevoked \S+\n/,
    );
    expect((await mlops(["api-token", "revoke", "grafana"])).code).toBe(1);
  }, 600_000);

  it("says what is wrong with its options before touching the database", async () => {
    const noWorkspace = await mlops(["api-token", "create", "--name", "x"]);
    expect(noWorkspace.code).toBe(2);
    expect(noWorkspace.stderr).toContain("needs --workspace T…");
    expect((await mlops(["api-token", "create", "--workspace", "T1", "--name", "!bad"])).code).toBe(2);
    expect((await mlops(["api-token", "frobnicate"])).code).toBe(2);
    expect((await mlops(["api-token", "revoke"])).code).toBe(2);
  }, 400_000);
});
