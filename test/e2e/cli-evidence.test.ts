// `npm run mlops -- evidence mlflow` as an operator runs it: the built CLI in a child process, on the suite's
// Postgres or an embedded database in a folder of the file's own.
import { describe, expect, it } from "vitest";
import { isGithubAccountAllowed } from "../../src/db/evidence.js";
import { findMlflowSettings } from "../../src/db/mlflow.js";
import { ensureWorkspace } from "../../src/db/workspaces.js";
import { useCliDatabase } from "../support/cli-database.js";
import { TEST_ENCRYPTION_KEY, TEST_PREVIOUS_KEY } from "../support/oauth.js";

const { use, mlops } = useCliDatabase("mlops-cli-evidence-");
const database = { use };

const KEY = { current: Buffer.from(TEST_ENCRYPTION_KEY, "base64"), previous: undefined };
const settingsOf = (workspace: string) => database.use((db) => findMlflowSettings(db, workspace, KEY));
const SECRET = "dapi-0123456789abcdef";

describe("evidence github", () => {
  it("lets a workspace link the repositories of a GitHub account, once", async () => {
    const run = await mlops(["evidence", "github", "--workspace", "T4DELTA", "--account", "Acme"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Workspace T4DELTA may now link the repositories of the GitHub account acme (where the bot's GitHub App is installed).",
    );
    const again = await mlops(["evidence", "github", "--workspace", "T4DELTA", "--account", "acme"]);
    expect(again.stdout).toContain(
      "Workspace T4DELTA could already link the repositories of the GitHub account acme",
    );
    expect(await database.use((db) => isGithubAccountAllowed(db, "T4DELTA", "ACME"))).toBe(true);
    expect(await database.use((db) => isGithubAccountAllowed(db, "T5OTHER", "acme"))).toBe(false);
    const page = await mlops([
      "evidence",
      "github",
      "--workspace",
      "T4DELTA",
      "--account",
      "https://github.com/Beta-Org",
    ]);
    expect(page.stdout).toContain(
      "Workspace T4DELTA may now link the repositories of the GitHub account beta-org",
    );
    expect(page.stdout).toContain("Only a bot in OAuth mode reads this");
  }, 120_000);
});

describe("evidence mlflow", () => {
  it("sets a workspace's tracking server and seals its token, printing what was set but never the token", async () => {
    await database.use((db) => ensureWorkspace(db, { teamId: "T1ACME", enterpriseId: null }));
    const run = await mlops(
      [
        "evidence",
        "mlflow",
        "--workspace",
        "T1ACME",
        "--uri",
        "https://mlflow.example.com/",
        "--token",
        SECRET,
      ],
      { TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Workspace T1ACME reads MLflow evidence from https:\/\/mlflow\.example\.com, with a token \(sealed with key [0-9a-f]{8}\)\.\nThe bot opens the token with the same key: start it with this TOKEN_ENCRYPTION_KEY\.\n/,
    );
    expect(run.stdout).toContain("/mlops link mlflow experiment|model <name>");
    expect(run.stdout).not.toContain("has not used this bot yet");
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(await settingsOf("T1ACME")).toEqual({ uri: "https://mlflow.example.com", token: SECRET });
    const stored = await database.use((db) => db.selectFrom("mlflow_settings").select("token").execute());
    expect(JSON.stringify(stored)).not.toContain(SECRET);
  }, 120_000);

  it("sets a workspace the bot has never seen, and says so in case the id is mistyped", async () => {
    const run = await mlops([
      "evidence",
      "mlflow",
      "--workspace",
      "T9NOPE",
      "--uri",
      "https://m.example.com",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Note: workspace T9NOPE has not used this bot yet (no installation, no team). If the id is mistyped, run this again with the right one",
    );
    expect(await settingsOf("T9NOPE")).toEqual({ uri: "https://m.example.com", token: undefined });
  }, 120_000);

  it("takes a server without a token and without a key, replacing the workspace's earlier one", async () => {
    const run = await mlops(["evidence", "mlflow", "--workspace", "T2BETA", "--uri", "http://10.0.0.5:5000"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Workspace T2BETA reads MLflow evidence from http://10.0.0.5:5000, without a token.",
    );
    await mlops(["evidence", "mlflow", "--workspace", "T2BETA", "--uri", "http://10.0.0.6:5000"]);
    expect(await settingsOf("T2BETA")).toEqual({ uri: "http://10.0.0.6:5000", token: undefined });
  }, 120_000);

  it.each([
    [["evidence"], "`evidence` needs the source to set"],
    [["evidence", "jira"], "`evidence jira`: the sources are mlflow and github"],
    [["evidence", "github", "--account", "acme"], "`evidence github` needs --workspace T…"],
    [["evidence", "github", "--workspace", "T3GAMMA"], "`evidence github` needs --account"],
    [
      ["evidence", "github", "--workspace", "T3GAMMA", "--account", "acme/web"],
      '--account "acme/web" is not a GitHub user or organisation name',
    ],
    [["evidence", "mlflow", "--uri", "https://mlflow.example.com"], "needs --workspace T…"],
    [
      ["evidence", "mlflow", "--workspace", "acme", "--uri", "https://m.example.com"],
      "is not a Slack workspace id",
    ],
    [["evidence", "mlflow", "--workspace", "T3GAMMA"], "needs --uri"],
    [["evidence", "mlflow", "--workspace", "T3GAMMA", "--uri", "./mlruns"], "--uri is not a URL"],
    [["evidence", "mlflow", "--workspace", "T3GAMMA", "--uri", "databricks"], "--uri is not a URL"],
    [
      ["evidence", "mlflow", "--workspace", "T3GAMMA", "--uri", "ftp://m.example.com"],
      "--uri is not an http(s) URL",
    ],
    [
      ["evidence", "mlflow", "--workspace", "T3GAMMA", "--uri", "https://a:b@m.example.com"],
      "--uri holds credentials",
    ],
    [
      ["evidence", "mlflow", "--workspace", "T3GAMMA", "--uri", "https://m.example.com", "--token", " "],
      "--token is empty",
    ],
    [
      [
        "evidence",
        "mlflow",
        "--workspace",
        "T3GAMMA",
        "--uri",
        "https://m.example.com",
        "--token",
        "dapi\nPART2",
      ],
      "--token has a space or a line break inside",
    ],
  ])("refuses %j before touching the database", async (args, message) => {
    const run = await mlops(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain("a:b@");
  });

  it("refuses to store a token without TOKEN_ENCRYPTION_KEY, and changes nothing", async () => {
    const args = [
      "evidence",
      "mlflow",
      "--workspace",
      "T4DELTA",
      "--uri",
      "https://m.example.com",
      "--token",
      SECRET,
    ];
    const run = await mlops(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Storing an MLflow token needs TOKEN_ENCRYPTION_KEY");
    expect(run.stderr).toContain("Nothing was changed.");
    expect(await settingsOf("T4DELTA")).toBeUndefined();
  }, 120_000);

  it("rotate-key re-seals MLflow tokens with the installations' tokens", async () => {
    await mlops(
      ["evidence", "mlflow", "--workspace", "T5OLD", "--uri", "https://m.example.com", "--token", "old-key"],
      {
        TOKEN_ENCRYPTION_KEY: TEST_PREVIOUS_KEY,
      },
    );
    const env = {
      TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      TOKEN_ENCRYPTION_KEY_PREVIOUS: TEST_PREVIOUS_KEY,
    };
    const run = await mlops(["rotate-key"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Re-encrypted 1 MLflow token too.");
    expect(await settingsOf("T5OLD")).toEqual({ uri: "https://m.example.com", token: "old-key" });
  }, 120_000);
});
